package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;
import org.voronka.webhook.Delivery;
import org.voronka.webhook.Webhook;
import org.voronka.webhook.WebhookEvents;
import org.voronka.webhook.WebhookManagement;

/** Settings → webhooks: subscribe a URL to events, switch a failing one back on, read its delivery log, retry dead letters. */
@Controller
class WebhookSettingsController {

    /** The events in the form, by entity (as the API names them: {action}_{entity}). */
    static final List<String> ENTITIES = List.of("lead", "contact", "company", "task");
    static final List<String> ACTIONS = List.of("add", "update", "status", "responsible", "note", "delete", "restore");

    private final WebhookManagement webhooks;
    private final MessageSource messages;

    WebhookSettingsController(WebhookManagement webhooks, MessageSource messages) {
        this.webhooks = webhooks;
        this.messages = messages;
    }

    @GetMapping("/settings/webhooks")
    String index(Actor actor, Model model) {
        return fill(actor, model, null, List.of());
    }

    @PostMapping("/settings/webhooks")
    String subscribe(Actor actor, @RequestParam(required = false) String destination,
                     @RequestParam(name = "settings", required = false) List<String> settings, Model model, Locale locale) {
        List<String> chosen = settings == null ? List.of() : settings;
        try {
            webhooks.subscribe(actor, destination, chosen, null);
            return fill(actor, model, null, List.of()) + " :: webhooks";
        } catch (ValidationException | RuleViolationException e) {
            String code = e instanceof RuleViolationException r ? r.code() : ((ValidationException) e).problems().get(0).code();
            model.addAttribute("problem", messages.getMessage("webhooks.problem." + code, null,
                    messages.getMessage("error.invalid", null, locale), locale));
            return fill(actor, model, destination, chosen) + " :: webhooks";
        }
    }

    @PostMapping("/settings/webhooks/{id}/enable")
    String enable(Actor actor, @PathVariable long id, Model model) {
        Webhook hook = require(actor, id);
        webhooks.subscribe(actor, hook.destination(), hook.settings(), hook.sort());
        return fill(actor, model, null, List.of()) + " :: webhooks";
    }

    @PostMapping("/settings/webhooks/{id}/delete")
    String delete(Actor actor, @PathVariable long id, Model model) {
        webhooks.remove(actor, id);
        return fill(actor, model, null, List.of()) + " :: webhooks";
    }

    @GetMapping("/settings/webhooks/{id}")
    String log(Actor actor, @PathVariable long id, @RequestParam(required = false) String state, Model model) {
        Webhook hook = require(actor, id);
        String filter = Delivery.FAILED.equals(state) || Delivery.PENDING.equals(state) || Delivery.DELIVERED.equals(state) ? state : null;
        model.addAttribute("hook", hook);
        model.addAttribute("state", filter);
        model.addAttribute("deliveries", webhooks.deliveries(actor, id, filter, 0, 100));
        model.addAttribute("section", "settings");
        return "settings/webhook-log";
    }

    @PostMapping("/settings/webhooks/deliveries/{id}/retry")
    String retry(Actor actor, @PathVariable long id, @RequestParam long hook, Model model) {
        webhooks.retry(actor, id);
        return log(actor, hook, Delivery.FAILED, model) + " :: log";
    }

    private Webhook require(Actor actor, long id) {
        return webhooks.webhook(actor, id).orElseThrow(() -> new NotFoundException("webhook " + id));
    }

    private String fill(Actor actor, Model model, String destination, List<String> chosen) {
        model.addAttribute("hooks", webhooks.list(actor, null));
        model.addAttribute("failed", webhooks.failedCounts(actor));
        model.addAttribute("entities", ENTITIES);
        model.addAttribute("actions", ACTIONS);
        model.addAttribute("known", WebhookEvents.KNOWN);
        model.addAttribute("destination", destination);
        model.addAttribute("chosen", chosen);
        model.addAttribute("section", "settings");
        return "settings/webhooks";
    }
}
