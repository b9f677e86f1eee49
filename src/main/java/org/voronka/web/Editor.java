package org.voronka.web;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.pipeline.StageColors;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;

/** The pipeline editor's model, and running a change so that a refused rule becomes a message on the page. */
@Component
class Editor {

    private final PipelineManagement pipelines;
    private final MessageSource messages;

    Editor(PipelineManagement pipelines, MessageSource messages) {
        this.pipelines = pipelines;
        this.messages = messages;
    }

    Pipeline require(Actor actor, long id) {
        return pipelines.pipeline(actor.accountId(), id).orElseThrow(() -> new NotFoundException("pipeline " + id));
    }

    String fill(Actor actor, long id, Model model) {
        Pipeline pipeline = require(actor, id);
        Map<Long, Long> counts = new HashMap<>();
        for (Stage s : pipeline.stages()) {
            if (s.isWorking()) {
                counts.put(s.id(), pipelines.countDeals(actor.accountId(), id, s.id()));
            }
        }
        model.addAttribute("pipelines", pipelines.pipelines(actor.accountId()));
        model.addAttribute("pipeline", pipeline);
        model.addAttribute("counts", counts);
        model.addAttribute("palette", StageColors.PALETTE);
        Map<Long, String> targets = new HashMap<>();
        for (Stage s : pipeline.stages()) {
            pipeline.stages().stream().filter(o -> o.isWorking() && o.id() != s.id()).findFirst()
                    .ifPresent(o -> targets.put(s.id(), o.name()));
        }
        model.addAttribute("targets", targets);
        model.addAttribute("working", pipeline.stages().stream().filter(Stage::isWorking).toList());
        model.addAttribute("unsorted", pipeline.unsortedStage().orElse(null));
        model.addAttribute("closedStages", pipeline.stages().stream().filter(Stage::isClosed).toList());
        model.addAttribute("section", "settings");
        return "settings/pipelines";
    }

    /** Runs a change; a rule the change breaks is shown in the editor in the user's language. */
    <T> T run(Model model, java.util.Locale locale, Supplier<T> change) {
        try {
            return change.get();
        } catch (RuleViolationException e) {
            model.addAttribute("problem", messages.getMessage("rule." + e.code(), null, e.getMessage(), locale));
        } catch (ValidationException e) {
            String code = e.problems().isEmpty() ? "InvalidValue" : e.problems().get(0).code();
            model.addAttribute("problem", messages.getMessage("rule." + code, null, e.getMessage(), locale));
        } catch (ForbiddenException e) {
            model.addAttribute("problem", messages.getMessage("rule.Forbidden", null, locale));
        }
        return null;
    }

    static String name(String requested, String fallback) {
        String n = requested == null ? "" : requested.trim();
        if (n.length() > 255) {
            n = n.substring(0, 255);
        }
        return n.isEmpty() ? fallback : n;
    }
}
