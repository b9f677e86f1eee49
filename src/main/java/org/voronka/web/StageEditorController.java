package org.voronka.web;

import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.pipeline.NewStage;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.pipeline.StageChange;
import org.voronka.shared.Actor;

/** Settings → pipelines: add a stage at a position, rename, recolour, reorder and delete stages. */
@Controller
class StageEditorController {

    private final PipelineManagement pipelines;
    private final Editor editor;
    private final MessageSource messages;

    StageEditorController(PipelineManagement pipelines, Editor editor, MessageSource messages) {
        this.pipelines = pipelines;
        this.editor = editor;
        this.messages = messages;
    }

    /** Adds a working stage before the working stage now at {@code position} (0-based), or last. */
    @PostMapping("/settings/pipelines/{id}/stages")
    String add(Actor actor, @PathVariable long id, @RequestParam(required = false) Integer position,
               @RequestParam(required = false) String name, @RequestParam(required = false) String color, Model model, Locale locale) {
        String fallback = messages.getMessage("stage.new.default", null, locale);
        Integer sort = position == null ? null : 20 + 10 * Math.max(0, position);
        editor.run(model, locale, () -> pipelines.createStages(actor, id,
                List.of(new NewStage("0", null, Editor.name(name, fallback), sort, color))));
        return editor.fill(actor, id, model) + " :: editor";
    }

    @PostMapping("/settings/pipelines/{id}/stages/{statusId}/rename")
    String rename(Actor actor, @PathVariable long id, @PathVariable long statusId, @RequestParam(required = false) String name,
                  Model model, Locale locale) {
        Stage stage = editor.require(actor, id).stage(statusId).orElse(null);
        if (stage != null) {
            editor.run(model, locale, () -> pipelines.updateStage(actor, id, statusId,
                    new StageChange(Editor.name(name, stage.name()), null, null)));
        }
        return editor.fill(actor, id, model) + " :: editor";
    }

    @PostMapping("/settings/pipelines/{id}/stages/{statusId}/color")
    String color(Actor actor, @PathVariable long id, @PathVariable long statusId, @RequestParam String color, Model model,
                 Locale locale) {
        editor.run(model, locale, () -> pipelines.updateStage(actor, id, statusId, new StageChange(null, null, color)));
        return editor.fill(actor, id, model) + " :: editor";
    }

    /** Sets a working stage's target duration in days (fractions allowed); empty or zero removes it. */
    @PostMapping("/settings/pipelines/{id}/stages/{statusId}/target")
    String target(Actor actor, @PathVariable long id, @PathVariable long statusId, @RequestParam(required = false) String days,
                  Model model, Locale locale) {
        Long seconds = null;
        boolean valid = true;
        if (days != null && !days.isBlank()) {
            try {
                double d = Double.parseDouble(days.trim().replace(',', '.'));
                valid = d >= 0 && d <= 366;
                seconds = d == 0 ? null : Math.max(60, Math.round(d * 86400));
            } catch (NumberFormatException e) {
                valid = false;
            }
        }
        if (!valid) {
            model.addAttribute("problem", messages.getMessage("editor.stage.target.invalid", null, locale));
            return editor.fill(actor, id, model) + " :: editor";
        }
        Long target = seconds;
        editor.run(model, locale, () -> pipelines.updateStage(actor, id, statusId,
                new StageChange(null, null, null, target, target == null)));
        return editor.fill(actor, id, model) + " :: editor";
    }

    /** Sets a stage's win probability in percent (0..100); empty removes it. */
    @PostMapping("/settings/pipelines/{id}/stages/{statusId}/probability")
    String probability(Actor actor, @PathVariable long id, @PathVariable long statusId, @RequestParam(required = false) String percent,
                       Model model, Locale locale) {
        Integer value = null;
        boolean valid = true;
        if (percent != null && !percent.isBlank()) {
            try {
                double d = Double.parseDouble(percent.trim().replace(',', '.'));
                valid = d >= 0 && d <= 100;
                value = (int) Math.round(d);
            } catch (NumberFormatException e) {
                valid = false;
            }
        }
        if (!valid) {
            model.addAttribute("problem", messages.getMessage("editor.stage.probability.invalid", null, locale));
            return editor.fill(actor, id, model) + " :: editor";
        }
        Integer chosen = value;
        editor.run(model, locale, () -> pipelines.updateStage(actor, id, statusId, StageChange.probability(chosen)));
        return editor.fill(actor, id, model) + " :: editor";
    }

    /** Moves a working stage to a position (0-based among the working stages). */
    @PostMapping("/settings/pipelines/{id}/stages/{statusId}/move")
    String move(Actor actor, @PathVariable long id, @PathVariable long statusId, @RequestParam int position, Model model,
                Locale locale) {
        editor.run(model, locale, () -> pipelines.updateStage(actor, id, statusId,
                new StageChange(null, 20 + 10 * Math.max(0, position), null)));
        return editor.fill(actor, id, model) + " :: editor";
    }

    @PostMapping("/settings/pipelines/{id}/stages/{statusId}/delete")
    String delete(Actor actor, @PathVariable long id, @PathVariable long statusId, Model model, Locale locale) {
        editor.run(model, locale, () -> pipelines.deleteStage(actor, id, statusId));
        return editor.fill(actor, id, model) + " :: editor";
    }
}
