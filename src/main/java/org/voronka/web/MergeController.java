package org.voronka.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.context.MessageSource;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.FieldDefinitions;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.customfield.FieldWrite;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealMerge;
import org.voronka.deal.MergeRequest;
import org.voronka.deal.MergeResult;
import org.voronka.shared.Actor;
import org.voronka.shared.Source;
import org.voronka.shared.ValidationException;

/**
 * Merging deals chosen in the list: a comparison of the deals side by side where each field's
 * surviving value is picked (custom fields and the company too), then the merge; the survivor's card offers Undo while it can be undone.
 */
@Controller
class MergeController {

    static final int MAX_DEALS = 10;

    private final DealMerge merges;
    private final Cards cards;
    private final DealCard card;
    private final FieldDefinitions definitions;
    private final FieldValues values;
    private final MessageSource messages;
    private final org.voronka.deal.DealManagement deals;

    MergeController(DealMerge merges, Cards cards, DealCard card, FieldDefinitions definitions, FieldValues values,
                    MessageSource messages, org.voronka.deal.DealManagement deals) {
        this.deals = deals;
        this.messages = messages;
        this.merges = merges;
        this.cards = cards;
        this.card = card;
        this.definitions = definitions;
        this.values = values;
    }

    /** A custom field some of the deals have a value in: each deal's value as shown. */
    record FieldRow(CustomField field, Map<Long, String> shown) {}

    /** The card's «Объединить с…»: deals whose name, contact or phone matches the typed text, each a link to the merge dialog. */
    @GetMapping("/leads/{id:\\d+}/merge-candidates")
    String candidates(Actor actor, @org.springframework.web.bind.annotation.PathVariable long id,
                      @RequestParam(defaultValue = "") String q, Model model) {
        String text = q.trim();
        List<Deal> found = List.of();
        if (!text.isEmpty() && text.length() <= 255 && deals.deal(actor.accountId(), id).isPresent()) {
            // one more than shown: the card's own deal may be among them
            found = deals.list(actor.accountId(), org.voronka.deal.DealQuery.search(text, CANDIDATES + 1))
                    .stream().filter(d -> d.id() != id).limit(CANDIDATES).toList();
        }
        model.addAttribute("candidates", found);
        model.addAttribute("dealId", id);
        return "merge/merge :: candidates";
    }

    static final int CANDIDATES = 8;

    /**
     * The comparison. Each field's choice defaults to the survivor's value, or to the first deal's
     * that has one when the survivor's is empty. Switching the survivor asks again with the form's
     * choices ({@code default-<field>}: the default shown, {@code picked}: fields picked earlier): a
     * field the user picked stays as picked, the others follow the new survivor.
     */
    @GetMapping("/leads/merge")
    String compare(Actor actor, @RequestParam(required = false) List<Long> ids, @RequestParam(required = false) Long survivor,
                   @RequestParam(required = false) List<String> picked, jakarta.servlet.http.HttpServletRequest request, Model model,
                   Locale locale) {
        // oldest first: by default the original deal survives
        List<Deal> chosen = chosen(actor, ids).stream().sorted(java.util.Comparator.comparingLong(Deal::id)).toList();
        long kept = survivor != null && chosen.stream().anyMatch(d -> d.id() == survivor) ? survivor : chosen.get(0).id();
        List<CardView> shown = cards.of(actor.accountId(), chosen);
        List<Long> all = shown.stream().map(CardView::id).toList();
        // which deals have a value in each field (the company only a live one)
        Map<String, List<Long>> filled = new java.util.LinkedHashMap<>();
        filled.put("name", all);
        filled.put("price", shown.stream().filter(d -> d.price() != null && d.price().signum() != 0).map(CardView::id).toList());
        filled.put("stage", all);
        filled.put("responsible", all);
        List<Long> withCompany = shown.stream().filter(d -> d.company() != null).map(CardView::id).toList();
        if (!withCompany.isEmpty()) {
            filled.put("company", withCompany);
        }
        List<FieldRow> rows = fieldRows(actor.accountId(), chosen, locale);
        rows.forEach(r -> filled.put("cf-" + r.field().id(), List.copyOf(r.shown().keySet())));

        Map<String, Long> defaults = new java.util.LinkedHashMap<>();
        Map<String, Long> choice = new java.util.LinkedHashMap<>();
        java.util.Set<String> keptPicks = new java.util.LinkedHashSet<>();
        filled.forEach((field, having) -> {
            long fallback = having.contains(kept) || having.isEmpty() ? kept : having.get(0);
            defaults.put(field, fallback);
            Long sent = number(request.getParameter(field));
            Long shownDefault = number(request.getParameter("default-" + field));
            boolean allowed = sent != null && ("company".equals(field) ? withCompany : all).contains(sent);
            boolean pick = allowed && (picked != null && picked.contains(field) || shownDefault != null && !sent.equals(shownDefault));
            if (pick) {
                keptPicks.add(field);
            }
            choice.put(field, pick ? sent : fallback);
        });
        model.addAttribute("deals", shown);
        model.addAttribute("survivor", kept);
        model.addAttribute("withCompany", withCompany);
        model.addAttribute("choice", choice);
        model.addAttribute("defaults", defaults);
        model.addAttribute("picked", keptPicks);
        model.addAttribute("fieldRows", rows);
        model.addAttribute("section", "leads");
        return Htmx.targets(request, "merge-choices") ? "merge/merge :: choices" : "merge/merge";
    }

    private static Long number(String text) {
        return text != null && text.matches("\\d{1,18}") ? Long.valueOf(text) : null;
    }

    /**
     * Each field names the deal whose value survives ({@code cf-<field id>} for a custom field, the
     * chosen deal's value, or none); tags and contacts of all deals are united.
     */
    @PostMapping("/leads/merge")
    String merge(Actor actor, @RequestParam(required = false) List<Long> ids, @RequestParam long survivor,
                 @RequestParam long name, @RequestParam long price, @RequestParam long stage, @RequestParam long responsible,
                 @RequestParam(required = false) Long company,
                 jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
        Map<Long, Deal> byId = chosen(actor, ids).stream().collect(Collectors.toMap(Deal::id, Function.identity()));
        List<Long> choices = new java.util.ArrayList<>(List.of(survivor, name, price, stage, responsible));
        if (company != null) {
            choices.add(company);
        }
        Map<Long, Long> fieldChoices = new java.util.LinkedHashMap<>();
        request.getParameterMap().forEach((param, sent) -> {
            if (param.matches("cf-\\d{1,18}") && sent.length == 1 && sent[0].matches("\\d{1,18}")) {
                fieldChoices.put(Long.parseLong(param.substring(3)), Long.parseLong(sent[0]));
            }
        });
        choices.addAll(fieldChoices.values());
        for (long choice : choices) {
            if (!byId.containsKey(choice)) {
                throw ValidationException.of("0", "ids", "NotSupportedChoice", "Deal " + choice + " is not among the merged deals");
            }
        }
        Deal stageOf = byId.get(stage);
        MergeResult result = merges.merge(actor, new MergeRequest(survivor, List.copyOf(byId.keySet()), byId.get(name).name(),
                byId.get(price).price(), stageOf.pipelineId(), stageOf.statusId(), byId.get(responsible).responsibleUserId(),
                company == null ? null : byId.get(company).companyId(), fieldWrites(actor.accountId(), fieldChoices)), Source.UI);
        if (Htmx.isHtmx(request)) {
            response.setHeader("HX-Redirect", request.getContextPath() + "/leads/" + result.survivorId());
            return "fragments :: empty";
        }
        return "redirect:/leads/" + result.survivorId();
    }

    @PostMapping("/leads/{id:\\d+}/merges/{mergeId:\\d+}/undo")
    String undo(Actor actor, @PathVariable long id, @PathVariable long mergeId, Model model, Locale locale,
                jakarta.servlet.http.HttpServletResponse response) {
        card.require(actor, id);
        MergeResult result = merges.undo(actor, mergeId, Source.UI);
        if (result.survivorId() != id) {
            throw new org.voronka.shared.NotFoundException("merge " + mergeId);
        }
        DealTimelineController.changed(response, id);
        card.fill(actor, card.require(actor, id), model, locale);
        return "deal/card :: card";
    }

    private List<FieldRow> fieldRows(long accountId, List<Deal> deals, Locale locale) {
        Map<Long, List<FieldValue>> byDeal = values.read(accountId, DealManagement.ENTITY, deals.stream().map(Deal::id).toList());
        java.time.ZoneId zone = card.zone(accountId);
        Map<Long, String> users = cards.userNames(accountId);
        List<FieldRow> rows = new java.util.ArrayList<>();
        for (CustomField f : definitions.fields(accountId, DealManagement.ENTITY)) {
            Map<Long, String> shown = new java.util.LinkedHashMap<>();
            for (Deal d : deals) {
                byDeal.getOrDefault(d.id(), List.of()).stream().filter(v -> v.fieldId() == f.id() && !v.values().isEmpty()).findFirst()
                        .ifPresent(v -> shown.put(d.id(), text(f, v, zone, users, locale)));
            }
            if (!shown.isEmpty()) {
                rows.add(new FieldRow(f, shown));
            }
        }
        return rows;
    }

    private String text(CustomField f, FieldValue v, java.time.ZoneId zone, Map<Long, String> users, Locale locale) {
        return v.values().stream().map(x -> switch (f.type()) {
            case "date" -> java.time.Instant.ofEpochSecond(((Number) x.value()).longValue()).atZone(zone).toLocalDate().toString();
            case "date_time" -> java.time.Instant.ofEpochSecond(((Number) x.value()).longValue()).atZone(zone).toLocalDateTime()
                    .withSecond(0).toString().replace('T', ' ');
            case "checkbox" -> messages.getMessage("merge.checked", null, locale);
            case "user" -> users.getOrDefault(((Number) x.value()).longValue(), String.valueOf(x.value()));
            default -> String.valueOf(x.value());
        }).collect(Collectors.joining(", "));
    }

    /** The chosen deal's values of each field; a deal without a value in it clears the field. */
    private List<FieldWrite> fieldWrites(long accountId, Map<Long, Long> fieldChoices) {
        if (fieldChoices.isEmpty()) {
            return null;
        }
        Map<Long, List<FieldValue>> byDeal = values.read(accountId, DealManagement.ENTITY, new java.util.HashSet<>(fieldChoices.values()));
        List<FieldWrite> writes = new java.util.ArrayList<>();
        fieldChoices.forEach((fieldId, dealId) -> {
            String path = "custom_fields_values." + writes.size();
            writes.add(byDeal.getOrDefault(dealId, List.of()).stream().filter(v -> v.fieldId() == fieldId).findFirst()
                    .map(v -> FieldWrite.of(v, path)).orElse(new FieldWrite(fieldId, null, null, path)));
        });
        return writes;
    }

    /** Two to ten live deals of the account, in the order they were chosen. */
    private List<Deal> chosen(Actor actor, List<Long> ids) {
        List<Long> unique = ids == null ? List.of() : ids.stream().filter(Objects::nonNull).distinct().toList();
        if (unique.size() < 2 || unique.size() > MAX_DEALS) {
            throw ValidationException.of("0", "ids", "MergeCount", "Choose 2 to " + MAX_DEALS + " deals");
        }
        Map<Long, Deal> found = cards.live(actor.accountId(), unique).stream().collect(Collectors.toMap(Deal::id, Function.identity()));
        if (found.size() != unique.size()) {
            throw new org.voronka.shared.NotFoundException("deal");
        }
        return unique.stream().map(found::get).toList();
    }
}
