package org.voronka.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A signed-in browser as far as the server can tell: the session cookie and the CSRF token of the pages. */
final class PageSession {

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern PAGE_CSRF = Pattern.compile("data-csrf-token=\"([^\"]+)\"");
    private static final Pattern PAGE_CSRF_HEADER = Pattern.compile("data-csrf-header=\"([^\"]+)\"");

    final RawHttp http;
    private final String csrfHeader;

    private PageSession(RawHttp http, String csrfHeader) {
        this.http = http;
        this.csrfHeader = csrfHeader;
    }

    /** Signs in through the login form and reads the CSRF token from the first page. */
    static PageSession signIn(String base, String email, String password) throws IOException, InterruptedException {
        CookieManager cookies = new CookieManager();
        HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        String form = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String body = "email=" + enc(email) + "&password=" + enc(password) + "&_csrf=" + enc(find(HIDDEN_CSRF, form, "login form"));
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        String location = login.headers().firstValue("Location").orElse("");
        if (login.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("sign-in as " + email + " refused: " + login.statusCode() + " " + location);
        }
        StringBuilder cookie = new StringBuilder();
        for (HttpCookie c : cookies.getCookieStore().getCookies()) {
            if (!c.getName().equals("remember-me")) {
                cookie.append(cookie.length() == 0 ? "" : "; ").append(c.getName()).append('=').append(c.getValue());
            }
        }
        RawHttp http = RawHttp.withCookie(base, cookie.toString());
        String page = http.send("GET", "/tasks", null).body();
        return new PageSession(http, find(PAGE_CSRF_HEADER, page, "page") + ": " + find(PAGE_CSRF, page, "page") + "\r\n");
    }

    RawHttp.Response get(String target) throws IOException {
        return http.send("GET", target, null, "", "HX-Request: true\r\n");
    }

    /** A page of the board is a full page: no htmx header. */
    RawHttp.Response page(String target) throws IOException {
        return http.send("GET", target, null);
    }

    RawHttp.Response post(String target, String form) throws IOException {
        return http.send("POST", target, form, "application/x-www-form-urlencoded", csrfHeader + "HX-Request: true\r\n");
    }

    private static String find(Pattern p, String text, String where) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token in the " + where);
        }
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
