package org.voronka.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser without JavaScript: cookies, forms with the CSRF token of the last page, no redirects followed. */
final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern META = Pattern.compile("data-csrf-token=\"([^\"]+)\"");

    /** What a browser asks for when it loads a page. */
    private static final String ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    String csrf;

    WebClient(String base) {
        this.base = base;
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET().header("Accept", ACCEPT);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = send(b.build());
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        } else {
            Matcher meta = META.matcher(r.body());
            if (meta.find()) {
                csrf = meta.group(1);
            }
        }
        return r;
    }

    HttpResponse<String> post(String path, Map<String, String> form, boolean withCsrf) {
        Map<String, String> values = new LinkedHashMap<>(form);
        if (withCsrf && csrf != null) {
            values.put("_csrf", csrf);
        }
        String body = values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", ACCEPT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A form post with repeated names (name, value, name, value, …), with the CSRF token. */
    HttpResponse<String> postPairs(String path, String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        if (csrf != null) {
            body.append("&_csrf=").append(URLEncoder.encode(csrf, StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", ACCEPT).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    HttpResponse<String> login(String email, String password, boolean remember) {
        get("/login");
        Map<String, String> form = new LinkedHashMap<>(Map.of("email", email, "password", password));
        if (remember) {
            form.put("remember-me", "true");
        }
        return post("/login", form, true);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
