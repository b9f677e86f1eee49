package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.LocaleResolver;
import org.voronka.account.AccountManagement;
import org.voronka.shared.Actor;

/**
 * The UI language: the one chosen in this session, else the signed-in user's ({@code users.lang}),
 * else the browser's preferred one among those we speak (Russian by default).
 */
class UserLocaleResolver implements LocaleResolver {

    static final String SESSION_ATTRIBUTE = UserLocaleResolver.class.getName() + ".locale";
    static final Locale DEFAULT = Locale.forLanguageTag("ru");

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_ATTRIBUTE) instanceof String lang) {
            return Locale.forLanguageTag(lang);
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Actor actor && supported(actor.lang())) {
            return Locale.forLanguageTag(actor.lang());
        }
        if (request.getHeader("Accept-Language") != null) {
            for (Locale l : Collections.list(request.getLocales())) {
                if (supported(l.getLanguage())) {
                    return Locale.forLanguageTag(l.getLanguage());
                }
            }
        }
        return DEFAULT;
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        request.getSession().setAttribute(SESSION_ATTRIBUTE, locale == null ? DEFAULT.getLanguage() : locale.getLanguage());
    }

    static boolean supported(String lang) {
        return lang != null && AccountManagement.LANGUAGES.contains(lang);
    }
}
