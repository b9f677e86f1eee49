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
 * The UI language: the signed-in user's as stored now ({@code users.lang}, so a language an
 * administrator sets takes effect on the user's next page), else the one chosen in this session,
 * else the browser's preferred one among those we speak (Russian by default).
 */
class UserLocaleResolver implements LocaleResolver {

    static final String SESSION_ATTRIBUTE = UserLocaleResolver.class.getName() + ".locale";
    private static final String REQUEST_ATTRIBUTE = UserLocaleResolver.class.getName() + ".resolved";
    static final Locale DEFAULT = Locale.forLanguageTag("ru");

    private final AccountManagement accounts;

    UserLocaleResolver(AccountManagement accounts) {
        this.accounts = accounts;
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        if (request.getAttribute(REQUEST_ATTRIBUTE) instanceof Locale known) {
            return known;
        }
        Locale locale = resolve(request);
        request.setAttribute(REQUEST_ATTRIBUTE, locale);
        return locale;
    }

    private Locale resolve(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Actor actor) {
            String lang = accounts.user(actor.accountId(), actor.userId()).map(u -> u.lang()).orElse(actor.lang());
            if (supported(lang)) {
                return Locale.forLanguageTag(lang);
            }
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_ATTRIBUTE) instanceof String lang) {
            return Locale.forLanguageTag(lang);
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
        request.removeAttribute(REQUEST_ATTRIBUTE);
    }

    static boolean supported(String lang) {
        return lang != null && AccountManagement.LANGUAGES.contains(lang);
    }
}
