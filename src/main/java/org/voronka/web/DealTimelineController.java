package org.voronka.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.account.AccountManagement;
import org.voronka.deal.DealManagement;
import org.voronka.shared.Actor;
import org.voronka.task.NewTask;
import org.voronka.task.TaskManagement;
import org.voronka.timeline.NewNote;
import org.voronka.timeline.NoteManagement;

/**
 * The composer under a deal's timeline: notes, call logs and tasks, and pinning notes. Each answer
 * is the timeline again; a rejected form comes back with its values and a message per field.
 */
@Controller
class DealTimelineController {

    static final int MAX_TEXT = 4000;

    private final DealCard card;
    private final NoteManagement notes;
    private final TaskManagement tasks;
    private final AccountManagement accounts;
    private final Deadlines deadlines;

    DealTimelineController(DealCard card, NoteManagement notes, TaskManagement tasks, AccountManagement accounts, Deadlines deadlines) {
        this.card = card;
        this.notes = notes;
        this.tasks = tasks;
        this.accounts = accounts;
        this.deadlines = deadlines;
    }

    @PostMapping("/leads/{id:\\d+}/notes")
    String note(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "note") String kind,
                @RequestParam(required = false) String text, @RequestParam(required = false) String direction,
                @RequestParam(required = false) String phone, @RequestParam(required = false) String minutes,
                @RequestParam(required = false) String seconds, @RequestParam(required = false) String result,
                Model model, Locale locale, HttpServletResponse response) {
        card.require(actor, id);
        Map<String, String> errors = new HashMap<>();
        Map<String, Object> params = new LinkedHashMap<>();
        String type;
        if ("call".equals(kind)) {
            type = "in".equals(direction) ? "call_in" : "call_out";
            String p = phone == null ? "" : phone.trim();
            if (p.isEmpty()) {
                errors.put("phone", "error.phone.blank");
            } else if (p.length() > 64) {
                errors.put("phone", "error.phone.long");
            }
            Long duration = duration(minutes, seconds);
            if (duration == null) {
                errors.put("duration", "error.duration.invalid");
            }
            String r = result == null ? "" : result.trim();
            if (r.length() > MAX_TEXT) {
                errors.put("result", "error.text.long");
            }
            params.put("phone", p);
            params.put("duration", duration == null ? 0 : duration);
            params.put("source", "voronka");
            if (!r.isEmpty()) {
                params.put("call_result", r);
            }
        } else {
            type = "common";
            String t = text == null ? "" : text.trim();
            if (t.isEmpty()) {
                errors.put("text", "error.text.blank");
            } else if (t.length() > MAX_TEXT) {
                errors.put("text", "error.text.long");
            }
            params.put("text", t);
        }
        if (errors.isEmpty()) {
            notes.create(actor, DealManagement.ENTITY, List.of(new NewNote("0", DealManagement.ENTITY, id, type, params, null, null)));
        } else {
            rejected(model, "call".equals(kind) ? "call" : "note", errors, values("text", text, "phone", phone, "minutes", minutes,
                    "seconds", seconds, "result", result, "direction", direction));
        }
        return timeline(actor, id, model, locale);
    }

    @PostMapping("/leads/{id:\\d+}/notes/{noteId:\\d+}/pin")
    String pin(Actor actor, @PathVariable long id, @PathVariable long noteId, @RequestParam boolean pinned, Model model,
               Locale locale) {
        card.require(actor, id);
        notes.note(actor.accountId(), DealManagement.ENTITY, noteId).filter(n -> n.entityId() == id)
                .orElseThrow(() -> new org.voronka.shared.NotFoundException("note " + noteId));
        notes.pin(actor, DealManagement.ENTITY, noteId, pinned);
        return timeline(actor, id, model, locale);
    }

    @PostMapping("/leads/{id:\\d+}/tasks")
    String task(Actor actor, @PathVariable long id, @RequestParam(required = false) String text,
                @RequestParam(required = false) String typeId, @RequestParam(required = false) String preset,
                @RequestParam(required = false) String due, @RequestParam(required = false) String responsible,
                Model model, Locale locale, HttpServletResponse response) {
        card.require(actor, id);
        Map<String, String> errors = new HashMap<>();
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            errors.put("text", "error.text.blank");
        } else if (t.length() > MAX_TEXT) {
            errors.put("text", "error.text.long");
        }
        Instant deadline = deadlines.parse(preset, due, WebModel.zoneOf(accounts, actor.accountId()));
        if (deadline == null) {
            errors.put("due", "error.deadline.invalid");
        }
        Long type = number(typeId);
        Long user = responsible == null || responsible.isBlank() ? null : number(responsible);
        if (type == null) {
            errors.put("typeId", "error.invalid");
        }
        if (responsible != null && !responsible.isBlank() && user == null) {
            errors.put("responsible", "error.invalid");
        }
        if (errors.isEmpty()) {
            try {
                tasks.create(actor, List.of(new NewTask("0", DealManagement.ENTITY, id, type, t, deadline, null, user, null)));
                changed(response, id);
            } catch (org.voronka.shared.ValidationException e) {
                e.problems().forEach(p -> errors.put(p.path().startsWith("task_type") ? "typeId" : "responsible", "error.invalid"));
            }
        }
        if (!errors.isEmpty()) {
            rejected(model, "task", errors, values("text", text, "typeId", typeId, "preset", preset, "due", due,
                    "responsible", responsible));
        }
        return timeline(actor, id, model, locale);
    }

    String timeline(Actor actor, long dealId, Model model, Locale locale) {
        card.fillTimeline(actor, dealId, model, locale);
        return "deal/card :: timeline";
    }

    static void changed(HttpServletResponse response, long dealId) {
        response.setHeader("HX-Trigger", "{\"deals-changed\":\"" + dealId + "\"}");
    }

    private static void rejected(Model model, String composer, Map<String, String> errors, Map<String, String> values) {
        model.addAttribute("composer", composer);
        model.addAttribute("composerErrors", errors);
        model.addAttribute("composerValues", values);
    }

    /** Form values to show again (missing ones as empty text). */
    static Map<String, String> values(String... keysAndValues) {
        Map<String, String> kept = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            kept.put(keysAndValues[i], keysAndValues[i + 1] == null ? "" : keysAndValues[i + 1]);
        }
        return kept;
    }

    /** A call's length from minutes and seconds as typed (either may be empty); null when not a sane duration. */
    static Long duration(String minutes, String seconds) {
        Long m = minutes == null || minutes.isBlank() ? Long.valueOf(0) : number(minutes);
        Long s = seconds == null || seconds.isBlank() ? Long.valueOf(0) : number(seconds);
        if (m == null || s == null || m > 24 * 60 || s > 59) {
            return null;
        }
        return m * 60 + s;
    }

    static Long number(String text) {
        String t = text == null ? "" : text.trim();
        return t.matches("\\d{1,15}") ? Long.parseLong(t) : null;
    }
}
