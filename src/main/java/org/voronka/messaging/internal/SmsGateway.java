package org.voronka.messaging.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.voronka.messaging.MessagingSettings;

/**
 * One SMS through the account's HTTP gateway: {@code {{phone}}} and {{text}} are filled into the
 * URL (URL-encoded) and into the body (escaped for JSON, URL-encoded for a form, as they are for
 * plain text). Any 2xx answer is success.
 */
public final class SmsGateway {

    private final HttpClient http;
    private final Duration timeout;

    public SmsGateway(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Null when the gateway accepted it, else why not. */
    public String send(MessagingSettings s, String phone, String text) throws InterruptedException {
        String url = fill(s.smsUrl(), phone, text, "url");
        String method = s.smsMethod() == null ? "POST" : s.smsMethod();
        String type = s.smsContentType() == null ? "application/json" : s.smsContentType();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("User-Agent", "Voronka-SMS/1");
            if ("GET".equals(method)) {
                request.GET();
            } else {
                String body = fill(s.smsBody() == null ? "" : s.smsBody(), phone, text, type);
                request.header("Content-Type", type + "; charset=UTF-8")
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = answer.statusCode();
            if (status >= 200 && status <= 299) {
                return null;
            }
            String said = answer.body() == null ? "" : answer.body().strip();
            return "HTTP " + status + (said.isEmpty() ? "" : ": " + (said.length() > 300 ? said.substring(0, 300) : said));
        } catch (HttpTimeoutException e) {
            return "No answer within " + timeout.toMillis() + " ms";
        } catch (IOException | IllegalArgumentException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    /** The template with the phone and text put in, escaped for where they go. */
    static String fill(String template, String phone, String text, String type) {
        return template.replace("{{phone}}", escape(phone, type)).replace("{{text}}", escape(text, type));
    }

    private static String escape(String value, String type) {
        if ("url".equals(type) || "application/x-www-form-urlencoded".equals(type)) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
        if ("application/json".equals(type)) {
            StringBuilder b = new StringBuilder();
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.toString();
        }
        return value;
    }
}
