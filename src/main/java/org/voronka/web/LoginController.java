package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.account.AccountManagement;
import org.voronka.account.ActorAuthentication;
import org.voronka.shared.Actor;

/** The sign-in page, the start page and the user's language switch. */
@Controller
class LoginController {

    private final AccountManagement accounts;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    LoginController(AccountManagement accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/login")
    String login() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
            return "redirect:/leads";
        }
        return "login";
    }

    @GetMapping("/")
    String home() {
        return "redirect:/leads";
    }

    /** Stores the language with the user and switches this session to it at once. */
    @PostMapping("/profile/lang")
    String language(Actor actor, @RequestParam String lang, @RequestParam(defaultValue = "/leads") String back,
                    HttpServletRequest request, HttpServletResponse response) {
        Actor changed = accounts.changeLanguage(actor, lang);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        ActorAuthentication auth = new ActorAuthentication(changed);
        auth.setDetails(SecurityContextHolder.getContext().getAuthentication().getDetails());
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        request.getSession().setAttribute(UserLocaleResolver.SESSION_ATTRIBUTE, lang.toLowerCase(Locale.ROOT));
        boolean local = back.startsWith("/") && !back.startsWith("//") && !back.contains("\\");
        return "redirect:" + (local ? back : "/leads");
    }
}
