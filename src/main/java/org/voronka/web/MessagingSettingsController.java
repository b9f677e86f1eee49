package org.voronka.web;

import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.messaging.Messaging;
import org.voronka.messaging.MessagingSettings;
import org.voronka.messaging.OutboundMessage;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;

/**
 * Settings → Отправка (administrators): the SMTP server with a test e-mail, the SMS gateway (or the
 * logging provider), and the list of sends with the dead letters and their Retry button.
 */
@Controller
class MessagingSettingsController {

    private final Messaging messaging;
    private final MessageSource messages;

    MessagingSettingsController(Messaging messaging, MessageSource messages) {
        this.messaging = messaging;
        this.messages = messages;
    }

    @GetMapping("/settings/messaging")
    String index(Actor actor, Model model) {
        return fill(actor, model, null);
    }

    /** The SMTP form; an empty password keeps the saved one. */
    @PostMapping("/settings/messaging/smtp")
    String smtp(Actor actor, @RequestParam(required = false) String host, @RequestParam(required = false) String port,
                @RequestParam(required = false) String user, @RequestParam(required = false) String password,
                @RequestParam(required = false) String from, @RequestParam(defaultValue = "starttls") String security, Model model,
                Locale locale) {
        MessagingSettings current = messaging.settings(actor.accountId());
        Integer portNumber = parsePort(port);
        String pw = password == null || password.isEmpty() ? current.smtpPassword() : password;
        MessagingSettings wanted = current.withSmtp(host, portNumber, user, pw, from, security);
        return save(actor, wanted, "smtp", model, locale);
    }

    @PostMapping("/settings/messaging/sms")
    String sms(Actor actor, @RequestParam(defaultValue = "none") String provider, @RequestParam(required = false) String url,
               @RequestParam(defaultValue = "POST") String method, @RequestParam(defaultValue = "application/json") String contentType,
               @RequestParam(required = false) String body, Model model, Locale locale) {
        MessagingSettings wanted = messaging.settings(actor.accountId()).withSms(provider, url, method, contentType, body);
        return save(actor, wanted, "sms", model, locale);
    }

    @PostMapping("/settings/messaging/test")
    String test(Actor actor, @RequestParam(required = false) String to, Model model, Locale locale) {
        try {
            messaging.sendTestEmail(actor, to, messages.getMessage("messaging.test.subject", null, locale),
                    messages.getMessage("messaging.test.body", null, locale));
            model.addAttribute("notice", messages.getMessage("messaging.test.sent", new Object[] {to}, locale));
        } catch (RuleViolationException e) {
            model.addAttribute("problem", messages.getMessage("messaging.test.failed", new Object[] {e.getMessage()}, locale));
            model.addAttribute("problemAt", "smtp");
        }
        model.addAttribute("testTo", to);
        return fill(actor, model, null);
    }

    @GetMapping("/settings/outbox")
    String outbox(Actor actor, @RequestParam(required = false) String state, Model model) {
        String filter = OutboundMessage.FAILED.equals(state) || OutboundMessage.PENDING.equals(state) || OutboundMessage.SENT.equals(state)
                ? state : null;
        model.addAttribute("state", filter);
        model.addAttribute("sends", messaging.messages(actor, filter, 0, 200));
        model.addAttribute("section", "settings");
        return "settings/outbox";
    }

    @PostMapping("/settings/outbox/{id}/retry")
    String retry(Actor actor, @PathVariable long id, @RequestParam(required = false) String state, Model model) {
        messaging.retry(actor, id);
        return outbox(actor, state, model) + " :: outbox";
    }

    private String save(Actor actor, MessagingSettings wanted, String part, Model model, Locale locale) {
        try {
            messaging.save(actor, wanted);
            model.addAttribute("notice", messages.getMessage("messaging.saved", null, locale));
            return fill(actor, model, null);
        } catch (ValidationException e) {
            ValidationException.Problem p = e.problems().get(0);
            model.addAttribute("problem", messages.getMessage("messaging.problem", new Object[] {
                    messages.getMessage("messaging.field." + p.path(), null, p.path(), locale), p.detail()}, locale));
            model.addAttribute("problemAt", part);
            return fill(actor, model, wanted);
        }
    }

    private static Integer parsePort(String port) {
        try {
            return port == null || port.isBlank() ? null : Integer.valueOf(port.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String fill(Actor actor, Model model, MessagingSettings shown) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only an administrator may manage e-mail and SMS sending");
        }
        model.addAttribute("settings", shown != null ? shown : messaging.settings(actor.accountId()));
        model.addAttribute("securities", MessagingSettings.SECURITY);
        model.addAttribute("providers", MessagingSettings.PROVIDERS);
        model.addAttribute("methods", MessagingSettings.METHODS);
        model.addAttribute("contentTypes", MessagingSettings.CONTENT_TYPES);
        model.addAttribute("deadLetters", messaging.deadLetters(actor));
        model.addAttribute("section", "settings");
        return "settings/messaging";
    }
}
