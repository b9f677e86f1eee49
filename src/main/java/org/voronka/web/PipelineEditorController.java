package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.pipeline.NewPipeline;
import org.voronka.pipeline.NewStage;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineChange;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.shared.Actor;

/** Settings → pipelines: create, rename, delete a pipeline and switch its Incoming stage. */
@Controller
class PipelineEditorController {

    private final PipelineManagement pipelines;
    private final Editor editor;
    private final MessageSource messages;

    PipelineEditorController(PipelineManagement pipelines, Editor editor, MessageSource messages) {
        this.pipelines = pipelines;
        this.editor = editor;
        this.messages = messages;
    }

    @GetMapping("/settings/pipelines")
    String index(Actor actor) {
        return "redirect:/settings/pipelines/" + pipelines.mainPipeline(actor.accountId()).id();
    }

    @GetMapping("/settings/pipelines/{id}")
    String show(Actor actor, @PathVariable long id, HttpServletRequest request, Model model) {
        String view = editor.fill(actor, id, model);
        return Htmx.targets(request, "editor") ? view + " :: editor" : view;
    }

    @PostMapping("/settings/pipelines")
    String create(Actor actor, @RequestParam(required = false) String name, Model model, Locale locale,
                  @RequestParam long from, HttpServletResponse response) {
        String fallback = messages.getMessage("pipeline.new.default", null, locale);
        NewStage first = new NewStage("0", null, messages.getMessage("pipeline.new.firstStage", null, locale), 20, null);
        List<Pipeline> created = editor.run(model, locale, () -> pipelines.createPipelines(actor,
                List.of(new NewPipeline("0", Editor.name(name, fallback), 100, false, false, List.of(first)))));
        long shown = created == null ? from : created.get(0).id();
        if (created != null) {
            response.setHeader("HX-Push-Url", "/settings/pipelines/" + shown);
        }
        return editor.fill(actor, shown, model) + " :: editor";
    }

    @PostMapping("/settings/pipelines/{id}/rename")
    String rename(Actor actor, @PathVariable long id, @RequestParam(required = false) String name, Model model, Locale locale) {
        Pipeline p = editor.require(actor, id);
        editor.run(model, locale, () -> pipelines.updatePipeline(actor, id, new PipelineChange(Editor.name(name, p.name()),
                null, null, null)));
        return editor.fill(actor, id, model) + " :: editor";
    }

    @PostMapping("/settings/pipelines/{id}/incoming")
    String incoming(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "false") boolean on, Model model,
                    Locale locale) {
        editor.run(model, locale, () -> pipelines.updatePipeline(actor, id, new PipelineChange(null, null, null, on)));
        return editor.fill(actor, id, model) + " :: editor";
    }

    @PostMapping("/settings/pipelines/{id}/delete")
    String delete(Actor actor, @PathVariable long id, Model model, Locale locale, HttpServletResponse response) {
        Boolean deleted = editor.run(model, locale, () -> {
            pipelines.deletePipeline(actor, id);
            return Boolean.TRUE;
        });
        long shown = deleted == null ? id : pipelines.mainPipeline(actor.accountId()).id();
        if (deleted != null) {
            response.setHeader("HX-Push-Url", "/settings/pipelines/" + shown);
        }
        return editor.fill(actor, shown, model) + " :: editor";
    }
}
