package org.voronka.web;

import java.time.ZoneId;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.voronka.account.AccountManagement;
import org.voronka.shared.Actor;

/** What every page shows: times in the account's time zone, and who is signed in. */
@ControllerAdvice(basePackageClasses = WebModel.class)
class WebModel {

    private final AccountManagement accounts;

    WebModel(AccountManagement accounts) {
        this.accounts = accounts;
    }

    @ModelAttribute("zone")
    ZoneId zone() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Actor actor) {
            return zoneOf(accounts, actor.accountId());
        }
        return ZoneId.of("UTC");
    }

    /** The account's time zone (UTC when it is not a valid zone id). */
    static ZoneId zoneOf(AccountManagement accounts, long accountId) {
        return accounts.account(accountId).zone();
    }

    /** The page's own address (path and query), where the language switch returns to. */
    @ModelAttribute("currentPath")
    String currentPath(jakarta.servlet.http.HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    /** When the page was rendered (epoch millis): live feeds catch up from here. */
    @ModelAttribute("renderedAt")
    long renderedAt() {
        return System.currentTimeMillis();
    }

    @ModelAttribute("me")
    Actor me() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof Actor actor ? actor : null;
    }
}
