package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.account.internal.SigningKey;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** What real amoCRM clients rely on, and what malformed input gets: never a 500. */
class ApiRobustnessTests extends ApiTest {

    @Autowired
    SigningKey key;

    @Test
    void rawBracketsInTheQueryStringAreAccepted() throws Exception {
        var account = newAccount();
        account.api().post("/api/v4/leads", List.of(Map.of("name", "raw")));
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v4/leads?filter[name][]=raw&with=contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + account.api().token() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            assertThat(response).contains("\"name\":\"raw\"");
        }
    }

    @Test
    void getWithAJsonContentTypeAndNoBodyWorks() {
        var account = newAccount();
        Response r = account.api().send("GET", "/api/v4/leads/pipelines", null, "application/json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().has("status")).isFalse();
    }

    @Test
    void readOnlyFieldsSentBackAreIgnored() {
        var account = newAccount();
        ApiClient api = account.api();
        long id = api.post("/api/v4/leads", List.of(Map.of("name", "roundtrip", "price", 10))).json().at("/_embedded/leads/0/id").asLong();
        JsonNode lead = api.get("/api/v4/leads/" + id + "?with=contacts").json();
        String body = lead.toString().replace("\"roundtrip\"", "\"renamed\"").replace("\"account_id\":" + account.accountId(),
                "\"account_id\":999").replace("\"is_deleted\":false", "\"is_deleted\":true");
        Response r = api.patch("/api/v4/leads/" + id, body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode after = api.get("/api/v4/leads/" + id).json();
        assertThat(after.get("name").asString()).isEqualTo("renamed");
        assertThat(after.get("account_id").asLong()).isEqualTo(account.accountId());
        assertThat(after.get("is_deleted").asBoolean()).isFalse();
        assertThat(after.get("created_by").asLong()).isEqualTo(lead.get("created_by").asLong());
        assertThat(api.patch("/api/v4/leads/" + id, "{\"custom_fields_values\":null}").status()).isEqualTo(200);
    }

    @Test
    void missingInvalidForeignAndExpiredTokensGet401() throws Exception {
        var account = newAccount();
        ApiClient api = account.api();
        for (ApiClient client : List.of(api.withToken(null), api.withToken("not-a-jwt"), api.withToken(api.token() + "x"),
                api.withToken(expiredToken(account.accountId(), account.adminId())))) {
            Response r = client.get("/api/v4/leads");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.contentType()).isEqualTo("application/problem+json");
            assertThat(r.json().get("title").asString()).isEqualTo("Unauthorized");
            assertThat(r.json().get("status").asInt()).isEqualTo(401);
        }
    }

    @Test
    void revokedTokensStopWorking() {
        var account = newAccount();
        Response issued = account.api().post("/api/v4/api_tokens", Map.of("name", "temp", "lifetime_days", 2));
        assertThat(issued.status()).isEqualTo(200);
        String token = issued.json().get("access_token").asString();
        String tokenId = issued.json().get("id").asString();
        ApiClient temp = account.api().withToken(token);
        assertThat(temp.get("/api/v4/account").status()).isEqualTo(200);
        assertThat(account.api().delete("/api/v4/api_tokens/" + tokenId).status()).isEqualTo(204);
        assertThat(temp.get("/api/v4/account").status()).isEqualTo(401);
        assertThat(account.api().post("/api/v4/api_tokens", Map.of("lifetime_days", 0)).status()).isEqualTo(400);
        assertThat(account.api().post("/api/v4/api_tokens", Map.of("lifetime_days", 5 * 365 + 1)).status()).isEqualTo(400);
    }

    @Test
    void accountDescribesItselfWithTheRequestedExtras() {
        var account = newAccount();
        JsonNode a = account.api().get("/api/v4/account?with=users_groups,task_types,datetime_settings,version,amojo_id,is_api_filter_enabled").json();
        assertThat(a.get("id").asLong()).isEqualTo(account.accountId());
        assertThat(a.get("current_user_id").asLong()).isEqualTo(account.adminId());
        assertThat(a.get("is_api_filter_enabled").asBoolean()).isTrue();
        assertThat(a.has("version")).isTrue();
        assertThat(a.has("amojo_id")).isTrue();
        assertThat(a.at("/_embedded/users_groups/0/id").asLong()).isZero();
        assertThat(a.at("/_embedded/task_types/0/code").asString()).isEqualTo("FOLLOW_UP");
        assertThat(a.at("/_embedded/datetime_settings/timezone").asString()).isEqualTo("Europe/Moscow");
        JsonNode users = account.api().get("/api/v4/users").json();
        assertThat(users.get("_total_items").asInt()).isEqualTo(1);
        assertThat(users.at("/_embedded/users/0/rights/is_admin").asBoolean()).isTrue();
        assertThat(account.api().get("/api/v4/users/" + account.adminId()).json().get("email").asString()).contains("@test.local");
        assertThat(account.api().get("/api/v4/users/99999999").status()).isEqualTo(204);
    }

    @Test
    void malformedInputNeverProducesA500AndChangesNothing() {
        var account = newAccount();
        ApiClient api = account.api();
        long id = api.post("/api/v4/leads", List.of(Map.of("name", "stable"))).json().at("/_embedded/leads/0/id").asLong();
        List<String> bodies = List.of("", "{", "[", "null", "42", "\"x\"", "[1,2]", "[[]]", "[{\"name\":5}]", "[{\"price\":-1}]",
                "[{\"price\":1e400}]", "[{\"price\":\"1\"}]", "[{\"status_id\":\"abc\"}]", "[{\"status_id\":99999999999999999999999}]",
                "[{\"pipeline_id\":-5}]", "[{\"responsible_user_id\":1.5}]", "[{\"created_at\":-1}]", "[{\"created_at\":99999999999999}]",
                "[{\"_embedded\":5}]", "[{\"_embedded\":{\"tags\":\"x\"}}]", "[{\"_embedded\":{\"tags\":[5]}}]",
                "[{\"_embedded\":{\"contacts\":[{\"id\":\"x\"}]}}]", "[{\"_embedded\":{\"companies\":[{}]}}]",
                "[{\"tags_to_add\":[{}]}]", "[{\"custom_fields_values\":[{\"field_id\":1,\"values\":[{\"value\":1}]}]}]",
                "[{\"name\":\"" + "x".repeat(300) + "\"}]", "[{\"id\":" + id + ",\"status_id\":1}]", "\u0000\u0001",
                "[{\"name\":\"a\"}" + ",{\"name\":\"b\"}".repeat(300) + "]");
        for (String body : bodies) {
            for (String[] call : List.of(new String[] {"POST", "/api/v4/leads"}, new String[] {"PATCH", "/api/v4/leads"},
                    new String[] {"PATCH", "/api/v4/leads/" + id}, new String[] {"POST", "/api/v4/leads/pipelines"},
                    new String[] {"POST", "/api/v4/leads/loss_reasons"})) {
                Response r = api.send(call[0], call[1], body, "application/json");
                assertThat(r.status()).as(call[0] + " " + call[1] + " " + abbreviate(body) + " -> " + r.text()).isBetween(400, 499);
                assertThat(r.contentType()).isEqualTo("application/problem+json");
            }
        }
        for (String query : List.of("limit=0", "limit=251", "limit=abc", "page=0", "page=-1", "filter[id]=abc", "filter[price][from]=x",
                "filter[created_at][from]=-5", "order[name]=asc", "order[id]=sideways", "filter[statuses][0][pipeline_id]=1",
                "cursor=garbage", "filter[id][]=99999999999999999999")) {
            Response r = api.get("/api/v4/leads?" + query);
            assertThat(r.status()).as(query + " -> " + r.text()).isEqualTo(400);
            assertThat(r.json().at("/validation-errors/0/errors/0/path").asString()).as(query).isNotEmpty();
        }
        for (String path : List.of("/api/v4/leads/abc", "/api/v4/leads/pipelines/x/statuses", "/api/v4/events?filter[entity_id]=1",
                "/api/v4/leads/99999999999999999999")) {
            Response r = api.get(path);
            assertThat(r.status()).as(path + " -> " + r.text()).isBetween(400, 499);
        }
        Response nullId = api.patch("/api/v4/leads", "[{\"id\":null,\"name\":\"n\"}]");
        assertThat(nullId.status()).isEqualTo(400);
        assertThat(nullId.json().at("/validation-errors/0/errors/0/path").asString()).isEqualTo("id");
        assertThat(api.get("/api/v4/nonexistent").status()).isEqualTo(404);
        assertThat(api.get("/api/v4/nonexistent").contentType()).isEqualTo("application/problem+json");
        assertThat(api.get("/api/v4/leads/" + id).json().get("name").asString()).isEqualTo("stable");
        assertThat(api.get("/api/v4/leads?limit=250").json().at("/_embedded/leads").size()).isEqualTo(1);
    }

    @Test
    void aBatchChangesEachEntityOnce() {
        var account = newAccount();
        ApiClient api = account.api();
        long deal = api.post("/api/v4/leads", List.of(Map.of("name", "once"))).json().at("/_embedded/leads/0/id").asLong();
        long task = api.post("/api/v4/tasks", List.of(Map.of("text", "t", "complete_till", 1900000000))).json()
                .at("/_embedded/tasks/0/id").asLong();
        long contact = api.post("/api/v4/contacts", List.of(Map.of("name", "c"))).json().at("/_embedded/contacts/0/id").asLong();
        for (String[] call : List.of(new String[] {"/api/v4/leads", Long.toString(deal), "name"},
                new String[] {"/api/v4/tasks", Long.toString(task), "text"},
                new String[] {"/api/v4/contacts", Long.toString(contact), "name"})) {
            long id = Long.parseLong(call[1]);
            Response r = api.patch(call[0], List.of(Map.of("id", id, call[2], "first"), Map.of("id", id, call[2], "second", "request_id", "b")));
            assertThat(r.status()).as(call[0]).isEqualTo(400);
            assertThat(r.json().at("/validation-errors/0/request_id").asString()).isEqualTo("b");
            assertThat(r.json().at("/validation-errors/0/errors/0/code").asString()).isEqualTo("Duplicate");
        }
        assertThat(api.get("/api/v4/leads/" + deal).json().get("name").asString()).isEqualTo("once");
        assertThat(api.get("/api/v4/tasks/" + task).json().get("text").asString()).isEqualTo("t");
        assertThat(api.get("/api/v4/contacts/" + contact).json().get("name").asString()).isEqualTo("c");
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private String expiredToken(long accountId, long userId) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(Long.toString(userId)).jwtID("expired")
                .expirationTime(new Date(System.currentTimeMillis() - 3_600_000)).claim("account_id", accountId)
                .claim("user_id", userId).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key.bytes()));
        return jwt.serialize();
    }
}
