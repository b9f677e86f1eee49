package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.deal.DealManagement;
import org.voronka.shared.Actor;
import org.voronka.tag.TagManagement;

/** Настройки → Теги: the deal tags of the account with their number of uses; rename, recolour, delete. */
@Controller
class TagSettingsController {

    private final TagManagement tags;
    private final Editor editor;

    TagSettingsController(TagManagement tags, Editor editor) {
        this.tags = tags;
        this.editor = editor;
    }

    @GetMapping("/settings/tags")
    String page(Actor actor, HttpServletRequest request, Model model) {
        fill(actor, model);
        return Htmx.targets(request, "tag-settings") ? "settings/tags :: editor" : "settings/tags";
    }

    @PostMapping("/settings/tags/{id:\\d+}/rename")
    String rename(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "") String name, Model model, Locale locale) {
        editor.run(model, locale, () -> tags.rename(actor, DealManagement.ENTITY, id, name));
        return answer(actor, model);
    }

    @PostMapping("/settings/tags/{id:\\d+}/color")
    String color(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "") String color, Model model, Locale locale) {
        editor.run(model, locale, () -> tags.recolor(actor, DealManagement.ENTITY, id, color));
        return answer(actor, model);
    }

    @PostMapping("/settings/tags/{id:\\d+}/delete")
    String delete(Actor actor, @PathVariable long id, Model model, Locale locale) {
        editor.run(model, locale, () -> {
            tags.delete(actor, DealManagement.ENTITY, id);
            return id;
        });
        return answer(actor, model);
    }

    private String answer(Actor actor, Model model) {
        fill(actor, model);
        return "settings/tags :: editor";
    }

    private void fill(Actor actor, Model model) {
        model.addAttribute("uses", tags.uses(actor.accountId(), DealManagement.ENTITY));
        model.addAttribute("colors", TagManagement.COLORS);
        model.addAttribute("section", "settings");
    }
}
