package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.FieldDefinitions;
import org.voronka.customfield.FieldWrite;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealUpdate;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.Source;
import org.voronka.shared.ValidationException;
import org.voronka.tag.TagRef;

/** The deal card: a side panel over the board (htmx) or a page of its own; fields are saved one at a time. */
@Controller
class DealCardController {

    private final DealManagement deals;
    private final DealCard card;
    private final CardFields fields;
    private final FieldDefinitions definitions;
    private final PipelineManagement pipelines;

    DealCardController(DealManagement deals, DealCard card, CardFields fields, FieldDefinitions definitions,
                       PipelineManagement pipelines) {
        this.deals = deals;
        this.card = card;
        this.fields = fields;
        this.definitions = definitions;
        this.pipelines = pipelines;
    }

    @GetMapping("/leads/{id:\\d+}")
    String show(Actor actor, @PathVariable long id, HttpServletRequest request, Model model, Locale locale) {
        card.fill(actor, card.require(actor, id), model, locale);
        model.addAttribute("section", "leads");
        return Htmx.targets(request, "panel") ? "deal/card :: panel" : "deal/page";
    }

    @PostMapping("/leads/{id:\\d+}/fields")
    String save(Actor actor, @PathVariable long id, @RequestParam String field, @RequestParam(required = false) String value,
                @RequestParam(required = false) Long lossReasonId, Model model, Locale locale, HttpServletResponse response) {
        Deal deal = card.require(actor, id);
        Map<String, String> errors = new HashMap<>();
        String v = value == null ? "" : value.trim();
        DealUpdate update = switch (field) {
            case "name" -> v.isEmpty() ? reject(errors, field, "error.name.blank") : v.length() > 255
                    ? reject(errors, field, "error.name.long") : change(id, v, null, null, null, null, null, null);
            case "price" -> price(v) == null ? reject(errors, field, "error.price.invalid")
                    : change(id, null, price(v), null, null, null, null, null);
            case "responsible" -> v.matches("\\d{1,18}") ? change(id, null, null, null, null, Long.parseLong(v), null, null)
                    : reject(errors, field, "error.invalid");
            case "stage" -> v.matches("\\d{1,18}:\\d{1,18}")
                    ? change(id, null, null, Long.parseLong(v.split(":")[0]), Long.parseLong(v.split(":")[1]), null,
                            v.endsWith(":143") ? lossReasonId : null, null)
                    : reject(errors, field, "error.invalid");
            default -> reject(errors, "form", "error.invalid");
        };
        if (update != null) {
            try {
                deals.update(actor, update, Source.UI);
                response.setHeader("HX-Trigger", "{\"deals-changed\":\"" + id + "\"}");
            } catch (ValidationException e) {
                errors.put(field, "error.invalid");
                if (update.statusId() != null) {
                    pipelines.pipeline(actor.accountId(), update.pipelineId()).map(p -> fields.refusal(actor, e, id, p,
                            update.statusId(), locale)).ifPresent(message -> model.addAttribute("stageProblem", message));
                }
            }
        }
        if (!errors.isEmpty()) {
            model.addAttribute("errors", errors);
            model.addAttribute("rejected", value);
        }
        card.fill(actor, errors.isEmpty() ? card.require(actor, id) : deal, model, locale);
        return "deal/card :: card";
    }

    /** One custom field saved from the card; the error shows beside the field, nothing else changes. */
    @PostMapping("/leads/{id:\\d+}/custom-fields")
    String saveField(Actor actor, @PathVariable long id, @RequestParam long fieldId, HttpServletRequest request, Model model,
                     Locale locale, HttpServletResponse response) {
        // read as sent: a List parameter would split "42,5" or "Иванов, Петров" at the comma
        String[] sent = request.getParameterValues("value");
        List<String> value = sent == null ? List.of() : List.of(sent);
        Deal deal = card.require(actor, id);
        CustomField field = definitions.field(actor.accountId(), DealManagement.ENTITY, fieldId)
                .orElseThrow(() -> new NotFoundException("field " + fieldId));
        FieldWrite write = CardFields.write(field, value, card.zone(actor.accountId()));
        Map<Long, String> fieldErrors = new HashMap<>();
        if (write == null) {
            fieldErrors.put(fieldId, fields.problem(ValidationException.of("0", "", "InvalidType", ""), locale));
        } else {
            try {
                deals.update(actor, DealUpdate.fields(id, List.of(write)), Source.UI);
                response.setHeader("HX-Trigger", "{\"deals-changed\":\"" + id + "\"}");
            } catch (ValidationException e) {
                fieldErrors.put(fieldId, fields.problem(e, locale));
            }
        }
        if (!fieldErrors.isEmpty()) {
            model.addAttribute("fieldErrors", fieldErrors);
            model.addAttribute("rejected", value == null || value.isEmpty() ? "" : value.get(value.size() - 1));
        }
        card.fill(actor, fieldErrors.isEmpty() ? card.require(actor, id) : deal, model, locale);
        return "deal/card :: card";
    }

    private static DealUpdate reject(Map<String, String> errors, String field, String key) {
        errors.put(field, key);
        return null;
    }

    static DealUpdate change(long id, String name, BigDecimal price, Long pipelineId, Long statusId, Long responsible,
                                     Long lossReasonId, List<TagRef> tags) {
        return new DealUpdate("0", id, name, price, pipelineId, statusId, responsible, lossReasonId, false, null, null, tags,
                null, null);
    }

    /** A budget as people type it: spaces between thousands, a comma or a point; at most 18 digits and kopecks. */
    static BigDecimal price(String text) {
        String clean = text.replaceAll("[\\s\\u00a0]", "").replace(',', '.');
        if (clean.isEmpty()) {
            return BigDecimal.ZERO;
        }
        if (!clean.matches("\\d{1,18}(\\.\\d{1,2})?")) {
            return null;
        }
        return new BigDecimal(clean);
    }
}
