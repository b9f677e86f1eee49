package org.voronka.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Calls the API over HTTP the way an integration does: raw JSON, a Bearer token, real status codes. */
public final class ApiClient {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    private final String token;

    public ApiClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public String token() {
        return token;
    }

    public ApiClient withToken(String other) {
        return new ApiClient(base, other);
    }

    public record Response(int status, Map<String, List<String>> headers, String text) {

        public JsonNode json() {
            return text == null || text.isEmpty() ? null : JSON.readTree(text);
        }

        public String contentType() {
            return headers.getOrDefault("content-type", List.of("")).get(0);
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, "application/json");
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body, "application/json");
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** Body: a String is sent as is (to send malformed JSON), anything else is serialised. */
    public Response send(String method, String path, Object body, String contentType) {
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response whose body is a file. */
    public record Download(int status, String contentType, String disposition, byte[] body) {}

    /** Posts JSON and keeps the answer as bytes (an exported file). */
    public Download download(String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Download(r.statusCode(), r.headers().firstValue("content-type").orElse(""),
                    r.headers().firstValue("content-disposition").orElse(""), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }
}
