package org.voronka.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.account.AccountManagement;
import org.voronka.deal.DealQuery;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.FieldWrite;
import org.voronka.massaction.ActionSpec;
import org.voronka.massaction.DealExport;
import org.voronka.shared.Table;
import org.voronka.shared.TableExport;
import org.voronka.massaction.MassAction;
import org.voronka.massaction.MassActions;
import org.voronka.massaction.Target;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.ValidationException;
import org.voronka.tag.TagRef;

/**
 * Mass actions from the list view: a preview (how many deals, what changes), then the run as a
 * background job whose progress the page polls; cancel and undo. The deals are the checked rows
 * ("this page") or all deals matching the list's filter.
 */
@Controller
class MassActionController {

    private final MassActions massActions;
    private final DealExport export;
    private final MessageSource messages;
    private final MassActionView view;
    private final PipelineManagement pipelines;
    private final AccountManagement accounts;
    private final Clock clock;
    private final FilterPanel filterPanel;

    MassActionController(MassActions massActions, DealExport export, MessageSource messages, MassActionView view,
                         PipelineManagement pipelines, AccountManagement accounts, Clock clock, FilterPanel filterPanel) {
        this.filterPanel = filterPanel;
        this.massActions = massActions;
        this.export = export;
        this.messages = messages;
        this.view = view;
        this.pipelines = pipelines;
        this.accounts = accounts;
        this.clock = clock;
    }

    @PostMapping("/leads/mass/preview")
    String preview(Actor actor, @RequestParam MultiValueMap<String, String> form, Model model) {
        Target target = target(actor, form);
        ActionSpec spec = spec(actor, form);
        if (spec.kind() == ActionSpec.Kind.MERGE) {
            MassActions.MergePreview merge = massActions.mergePreview(actor, target, spec);
            model.addAttribute("merge", merge);
            model.addAttribute("count", (long) merge.deals().size());
        } else {
            model.addAttribute("count", massActions.preview(actor, target, spec));
        }
        model.addAttribute("form", form.toSingleValueMap());
        model.addAttribute("ids", form.getOrDefault("ids", List.of()));
        model.addAttribute("kind", spec.kind().code());
        model.addAttribute("what", view.of(actor, new MassAction(0, spec, "", MassAction.State.QUEUED, 0, 0, 0, false, null, null,
                actor.userId(), clock.instant(), null, null)).target());
        return "list/mass :: preview";
    }

    @PostMapping("/leads/mass/start")
    String start(Actor actor, @RequestParam MultiValueMap<String, String> form, Model model) {
        MassAction run = massActions.start(actor, target(actor, form), spec(actor, form));
        model.addAttribute("run", view.of(actor, run));
        return "list/mass :: progress";
    }

    /**
     * The checked rows, or every deal matching the list's filter, as an XLSX or CSV file with the
     * chosen columns (a read: nothing changes, so a plain GET the browser downloads).
     */
    @GetMapping("/leads/mass/export")
    void export(Actor actor, @RequestParam MultiValueMap<String, String> form, Locale locale, HttpServletResponse response)
            throws IOException {
        Target target = target(actor, form);
        TableExport.Format format = TableExport.Format.of(form.getFirst("format"))
                .orElseThrow(() -> ValidationException.of("0", "format", "NotSupportedChoice", "Choose a format"));
        List<String> codes = form.getOrDefault("columns", List.of());
        if (codes.isEmpty()) {
            throw ValidationException.of("0", "columns", "NoColumns", "Choose the columns");
        }
        List<DealExport.Column> columns = export.columns(actor, target, codes, "columns");
        String title = messages.getMessage("export.title", null, locale);
        Table table = export.table(actor, target, columns, title,
                code -> messages.getMessage("export.col." + code, null, code, locale));
        response.setContentType(format.mediaType());
        response.setHeader("Content-Disposition", "attachment; filename=\"leads." + format.extension() + "\"");
        TableExport.write(table, format, accounts.account(actor.accountId()).zone(), response.getOutputStream());
    }

    @GetMapping("/leads/mass/{id}")
    String progress(Actor actor, @PathVariable long id, Model model) {
        model.addAttribute("run", view.of(actor, massActions.get(actor, id)));
        return "list/mass :: progress";
    }

    @PostMapping("/leads/mass/{id}/cancel")
    String cancel(Actor actor, @PathVariable long id, Model model) {
        massActions.cancel(actor, id);
        return progress(actor, id, model);
    }

    @PostMapping("/leads/mass/{id}/undo")
    String undo(Actor actor, @PathVariable long id, Model model) {
        model.addAttribute("run", view.of(actor, massActions.undo(actor, id)));
        return "list/mass :: progress";
    }

    /** The checked rows ("page"), or every deal matching the filter the list showed ("filter"). */
    private Target target(Actor actor, MultiValueMap<String, String> form) {
        if ("filter".equals(form.getFirst("scope"))) {
            String query = form.getFirst("filter") == null ? "" : form.getFirst("filter");
            ListFilter filter = ListFilter.of(ListFilter.parameters(query));
            // the same deals the list showed: conditions the list left out are left out here too
            DealQuery q = filterPanel.query(actor, filter, pipelines.pipelines(actor.accountId()), DealQuery.all(1).order(), 1, null);
            return Target.filter(q, query.isEmpty() ? "all deals" : query);
        }
        List<Long> ids = form.getOrDefault("ids", List.of()).stream().filter(s -> s.matches("\\d{1,18}")).map(Long::parseLong)
                .distinct().toList();
        if (ids.isEmpty()) {
            throw ValidationException.of("0", "ids", "NoDealsSelected", "Select deals first");
        }
        return Target.ids(ids);
    }

    private ActionSpec spec(Actor actor, MultiValueMap<String, String> form) {
        String action = form.getFirst("action") == null ? "" : form.getFirst("action");
        ActionSpec.Kind kind = ActionSpec.Kind.of(action)
                .orElseThrow(() -> ValidationException.of("0", "action", "NotSupportedChoice", "Choose an action"));
        return switch (kind) {
            case STAGE -> {
                String stage = form.getFirst("stage");
                if (stage == null || !stage.matches("\\d{1,18}-\\d{1,18}")) {
                    throw ValidationException.of("0", "stage", "NotSupportedChoice", "Choose a stage");
                }
                String[] parts = stage.split("-");
                yield ActionSpec.stage(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            }
            case RESPONSIBLE -> ActionSpec.responsible(number(form.getFirst("user"), "user"));
            case ADD_TAGS, REMOVE_TAGS -> {
                String text = form.getFirst("tags") == null ? "" : form.getFirst("tags");
                List<TagRef> refs = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct()
                        .map(s -> new TagRef(null, s, "tags")).toList();
                yield ActionSpec.tags(kind == ActionSpec.Kind.ADD_TAGS, refs);
            }
            case WON -> ActionSpec.won();
            case LOST -> ActionSpec.lost(form.getFirst("lossReason") == null || form.getFirst("lossReason").isBlank() ? null
                    : number(form.getFirst("lossReason"), "lossReason"));
            case DELETE -> ActionSpec.delete();
            case TASK -> {
                LocalDate day;
                try {
                    day = LocalDate.parse(form.getFirst("taskDate") == null ? "" : form.getFirst("taskDate"));
                } catch (RuntimeException e) {
                    throw ValidationException.of("0", "taskDate", "NotBlank", "Choose the task's day");
                }
                var deadline = day.atTime(LocalTime.of(23, 59)).atZone(accounts.account(actor.accountId()).zone()).toInstant();
                yield ActionSpec.task(null, form.getFirst("taskText"), deadline, null);
            }
            case CLEAR_FIELD -> ActionSpec.clearField(field(actor, form).id());
            case SET_FIELD -> {
                CustomField f = field(actor, form);
                yield ActionSpec.setField(f.id(), values(actor, f, form.getFirst("fieldValue")));
            }
            case MERGE -> {
                String survivor = form.getFirst("survivor");
                yield ActionSpec.merge(survivor == null || survivor.isBlank() ? null : number(survivor, "survivor"));
            }
            default -> throw ValidationException.of("0", "action", "NotSupportedChoice", "Choose an action");
        };
    }

    private CustomField field(Actor actor, MultiValueMap<String, String> form) {
        long id = number(form.getFirst("field"), "field");
        return export.fieldColumns(actor.accountId()).stream().filter(f -> f.id() == id).findFirst()
                .orElseThrow(() -> ValidationException.of("0", "field", "NotSupportedChoice", "Choose a field"));
    }

    /**
     * The value typed for a field, as the API takes it: options by their names (several, comma
     * separated, for a multiselect), users by name or id, dates in the account's time zone; the
     * mass action's own check (the API's) judges the rest.
     */
    private List<FieldWrite.ValueWrite> values(Actor actor, CustomField f, String typed) {
        String text = typed == null ? "" : typed.trim();
        if (text.isEmpty()) {
            throw ValidationException.of("0", "fieldValue", "NotBlank", "Enter a value");
        }
        switch (f.type()) {
            case "select", "radiobutton" -> {
                return List.of(new FieldWrite.ValueWrite(text, null, null));
            }
            case "multiselect" -> {
                return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct()
                        .map(s -> new FieldWrite.ValueWrite(s, null, null)).toList();
            }
            case "user" -> {
                String id = text.matches("\\d{1,18}") ? text : accounts.users(actor.accountId(), 0, 500).stream()
                        .filter(u -> u.name().equalsIgnoreCase(text)).map(u -> Long.toString(u.id())).findFirst().orElse(text);
                return List.of(new FieldWrite.ValueWrite(id, null, null));
            }
            default -> {
                FieldWrite w = CardFields.write(f, List.of(text), accounts.account(actor.accountId()).zone());
                if (w == null || w.values() == null || w.values().isEmpty()) {
                    throw ValidationException.of("0", "fieldValue", "InvalidValue", "Not a value of this field");
                }
                return w.values();
            }
        }
    }

    private static long number(String s, String field) {
        if (s == null || !s.matches("\\d{1,18}")) {
            throw ValidationException.of("0", field, "NotSupportedChoice", "Choose a value");
        }
        return Long.parseLong(s);
    }
}
