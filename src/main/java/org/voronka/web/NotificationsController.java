package org.voronka.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.notification.Notifications;
import org.voronka.shared.Actor;

/** The bell's page (its posts answer with a redirect, so the page and the bell's count are read afresh): the user's notifications, newest first, marked read one by one or all at once; the e-mail opt-in. */
@Controller
class NotificationsController {

    private final Notifications notifications;

    NotificationsController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/notifications")
    String page(Actor actor, @RequestParam(defaultValue = "false") boolean unread, Model model) {
        model.addAttribute("notifications", notifications.list(actor, unread, 0, 200));
        model.addAttribute("unreadOnly", unread);
        model.addAttribute("byEmail", notifications.byEmail(actor));
        model.addAttribute("unread", notifications.unread(actor));
        model.addAttribute("section", "notifications");
        return "notifications/notifications";
    }

    /** The bell's count alone, as text (the page asks for it now and then, so the bell follows without a reload). */
    @GetMapping(path = "/notifications/count", produces = "text/plain")
    @org.springframework.web.bind.annotation.ResponseBody
    String count(Actor actor) {
        return Integer.toString(notifications.unread(actor));
    }

    @PostMapping("/notifications/{id}/read")
    String read(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "false") boolean unread, Model model) {
        notifications.markRead(actor, id);
        return unread ? "redirect:/notifications?unread=true" : "redirect:/notifications";
    }

    @PostMapping("/notifications/read-all")
    String readAll(Actor actor, Model model) {
        notifications.markAllRead(actor);
        return "redirect:/notifications";
    }

    @PostMapping("/notifications/email")
    String email(Actor actor, @RequestParam(defaultValue = "false") boolean byEmail, Model model) {
        notifications.setByEmail(actor, byEmail);
        return "redirect:/notifications";
    }
}
