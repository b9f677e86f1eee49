package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.CustomField.StatusRef;
import org.voronka.customfield.FieldDefinitions;
import org.voronka.customfield.FieldDefinitions.GroupSpec;
import org.voronka.customfield.FieldGroup;
import org.voronka.customfield.FieldSpec;
import org.voronka.customfield.FieldSpec.EnumSpec;
import org.voronka.customfield.FieldTypes;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;

/**
 * Settings → fields: the custom fields of deals, contacts and companies by group (tab), with
 * their options and the stages a deal field is required in or hidden in. Each change answers the editor anew,
 * with a problem shown beside the form it came from.
 */
@Controller
class FieldEditorController {

    private final FieldDefinitions definitions;
    private final PipelineManagement pipelines;
    private final MessageSource messages;

    FieldEditorController(FieldDefinitions definitions, PipelineManagement pipelines, MessageSource messages) {
        this.definitions = definitions;
        this.pipelines = pipelines;
        this.messages = messages;
    }

    /** A tab of the editor; {@code group} null for the main one. */
    record Section(FieldGroup group, List<CustomField> fields) {}

    @GetMapping("/settings/fields")
    String index() {
        return "redirect:/settings/fields/leads";
    }

    @GetMapping("/settings/fields/{entity}")
    String show(Actor actor, @PathVariable String entity, HttpServletRequest request, Model model) {
        fill(actor, entity(entity), model);
        return Htmx.targets(request, "field-editor") ? "settings/fields :: editor" : "settings/fields";
    }

    @PostMapping("/settings/fields/{entity}")
    String create(Actor actor, @PathVariable String entity, @RequestParam(required = false) String name,
                  @RequestParam(required = false) String type, @RequestParam(required = false) String groupId,
                  @RequestParam(required = false) String options, Model model, Locale locale) {
        String e = entity(entity);
        List<EnumSpec> enums = type != null && FieldTypes.hasEnums(type) ? lines(options) : null;
        run(model, locale, "new", () -> definitions.create(actor, e, List.of(new FieldSpec("0", null, name, type, null, false, null,
                blank(groupId), false, null, null, null, null, null, enums, null, false, null, null))));
        return fill(actor, e, model);
    }

    @PostMapping("/settings/fields/{entity}/{id:\\d+}")
    String update(Actor actor, @PathVariable String entity, @PathVariable long id, @RequestParam(required = false) String name,
                  @RequestParam(required = false) String code, @RequestParam(required = false) String groupId,
                  @RequestParam(required = false) Integer sort, @RequestParam(defaultValue = "false") boolean required,
                  @RequestParam(name = "stages", required = false) List<String> stages,
                  @RequestParam(name = "hiddenStages", required = false) List<String> hiddenStages,
                  @RequestParam(name = "enumId", required = false) List<Long> enumIds,

                  @RequestParam(name = "enumSort", required = false) List<Integer> enumSorts,
                  @RequestParam(name = "enumRemove", required = false) List<Long> enumRemove,
                  @RequestParam(required = false) String newOptions, HttpServletRequest request, Model model, Locale locale) {
        String e = entity(entity);
        // read as sent: a List parameter would split option texts at their commas
        String[] sentValues = request.getParameterValues("enumValue");
        List<String> enumValues = sentValues == null ? List.of() : List.of(sentValues);
        CustomField field = definitions.field(actor.accountId(), e, id).orElseThrow(() -> new NotFoundException("field " + id));
        List<EnumSpec> enums = null;
        if (field.hasEnums() && !field.predefined()) {
            enums = new ArrayList<>();
            int n = enumIds == null ? 0 : enumIds.size();
            for (int i = 0; i < n; i++) {
                if (enumRemove != null && enumRemove.contains(enumIds.get(i))) {
                    continue;
                }
                String value = enumValues != null && i < enumValues.size() ? enumValues.get(i) : null;
                Integer s = enumSorts != null && i < enumSorts.size() ? enumSorts.get(i) : null;
                enums.add(new EnumSpec(enumIds.get(i), value, null, s, "enums." + enums.size()));
            }
            int last = enums.stream().map(EnumSpec::sort).filter(java.util.Objects::nonNull).max(Integer::compare).orElse(0);
            for (EnumSpec added : lines(newOptions)) {
                last += 10;
                enums.add(new EnumSpec(null, added.value(), null, last, "enums." + enums.size()));
            }
        }
        // the stages are deal stages; contacts and companies have none
        List<StatusRef> statuses = "leads".equals(e) ? stages(stages) : null;
        List<StatusRef> hidden = "leads".equals(e) ? stages(hiddenStages) : null;
        List<EnumSpec> options = enums;
        run(model, locale, Long.toString(id), () -> definitions.update(actor, e, List.of(new FieldSpec("0", id, name, null,
                field.predefined() ? field.code() : blank(code), !field.predefined(), sort, blank(groupId), true, null,
                "leads".equals(e) ? required : null, null, statuses, hidden, options, null, false, null, null))));
        return fill(actor, e, model);
    }

    @PostMapping("/settings/fields/{entity}/{id:\\d+}/delete")
    String delete(Actor actor, @PathVariable String entity, @PathVariable long id, Model model, Locale locale) {
        String e = entity(entity);
        run(model, locale, Long.toString(id), () -> {
            definitions.delete(actor, e, id);
            return Boolean.TRUE;
        });
        return fill(actor, e, model);
    }

    @PostMapping("/settings/fields/{entity}/groups")
    String createGroup(Actor actor, @PathVariable String entity, @RequestParam(required = false) String name, Model model,
                       Locale locale) {
        String e = entity(entity);
        run(model, locale, "groups", () -> definitions.createGroups(actor, e, List.of(new GroupSpec("0", name, null))));
        return fill(actor, e, model);
    }

    @PostMapping("/settings/fields/{entity}/groups/{id}/rename")
    String renameGroup(Actor actor, @PathVariable String entity, @PathVariable String id, @RequestParam(required = false) String name,
                       Model model, Locale locale) {
        String e = entity(entity);
        run(model, locale, "groups", () -> definitions.updateGroup(actor, e, id, new GroupSpec("0", name == null ? "" : name, null)));
        return fill(actor, e, model);
    }

    @PostMapping("/settings/fields/{entity}/groups/{id}/delete")
    String deleteGroup(Actor actor, @PathVariable String entity, @PathVariable String id, Model model, Locale locale) {
        String e = entity(entity);
        run(model, locale, "groups", () -> {
            definitions.deleteGroup(actor, e, id);
            return Boolean.TRUE;
        });
        return fill(actor, e, model);
    }

    private String fill(Actor actor, String entity, Model model) {
        List<FieldGroup> groups = definitions.groups(actor.accountId(), entity);
        Map<String, Section> sections = new LinkedHashMap<>();
        sections.put("", new Section(null, new ArrayList<>()));
        groups.forEach(g -> sections.put(g.id(), new Section(g, new ArrayList<>())));
        for (CustomField f : definitions.fields(actor.accountId(), entity)) {
            sections.getOrDefault(f.groupId() == null ? "" : f.groupId(), sections.get("")).fields().add(f);
        }
        model.addAttribute("entity", entity);
        model.addAttribute("entities", FieldDefinitions.ENTITY_TYPES);
        model.addAttribute("sections", sections.values());
        model.addAttribute("groups", groups);
        model.addAttribute("types", FieldTypes.CREATABLE.stream().filter(t -> !("leads".equals(entity) && "multitext".equals(t)))
                .toList());
        model.addAttribute("pipelines", "leads".equals(entity) ? pipelines.pipelines(actor.accountId()) : List.of());
        model.addAttribute("section", "settings");
        if (!model.containsAttribute("problemFor")) {
            model.addAttribute("problemFor", "");
        }
        return "settings/fields :: editor";
    }

    /** Runs a change; what refuses it is shown beside the form named by {@code where}. */
    private void run(Model model, Locale locale, String where, Supplier<?> change) {
        String problem = null;
        try {
            change.get();
        } catch (ValidationException e) {
            ValidationException.Problem p = e.problems().isEmpty() ? null : e.problems().get(0);
            String code = p == null ? "InvalidValue" : p.code();
            String path = p == null ? "" : p.path();
            String subject = messages.getMessage("fields.path." + path.replaceAll("\\.\\d+", "").replace('.', '_'), null, "", locale);
            problem = subject + messages.getMessage("field.error." + code, null, e.getMessage(), locale);
        } catch (RuleViolationException e) {
            problem = messages.getMessage("rule." + e.code(), null, e.getMessage(), locale);
        } catch (ForbiddenException e) {
            problem = messages.getMessage("rule.Forbidden", null, locale);
        }
        if (problem != null) {
            model.addAttribute("problem", problem);
            model.addAttribute("problemFor", where);
        }
    }

    private static String entity(String entity) {
        if (!FieldDefinitions.ENTITY_TYPES.contains(entity)) {
            throw new NotFoundException("entity type " + entity);
        }
        return entity;
    }

    /** Stages checked in the form, each sent as {@code pipelineId:statusId}. */
    private static List<StatusRef> stages(List<String> checked) {
        List<StatusRef> result = new ArrayList<>();
        for (String s : checked == null ? List.<String>of() : checked) {
            if (s.matches("\\d{1,18}:\\d{1,18}")) {
                result.add(new StatusRef(Long.parseLong(s.split(":")[0]), Long.parseLong(s.split(":")[1])));
            }
        }
        return result;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Options typed one per line. */
    private static List<EnumSpec> lines(String text) {
        List<EnumSpec> result = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\\R")) {
                if (!line.isBlank()) {
                    result.add(new EnumSpec(null, line.trim(), null, (result.size() + 1) * 10, "enums." + result.size()));
                }
            }
        }
        return result;
    }
}
