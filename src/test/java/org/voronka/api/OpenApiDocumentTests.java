package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.voronka.support.ApiClient;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the hand-maintained OpenAPI description and the controllers in step: every endpoint the
 * server maps for the API is described with its method, and every described operation is mapped,
 * except those marked {@code x-voronka-status: in-progress} — which must lose the mark (after the
 * description was checked against the code) as soon as they are mapped.
 */
class OpenApiDocumentTests extends ApiTest {

    private static final String STATUS = "x-voronka-status";
    private static final Set<String> METHODS = Set.of("get", "post", "patch", "delete", "put");
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::(.*))?}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** One operation of the document: method, path template and whether it is still being built. */
    record Documented(String method, String path, boolean inProgress) {}

    /** One endpoint of the server: method, path pattern and the handler (for path-variable types). */
    record Mapped(String method, String pattern, HandlerMethod handler) {

        @Override
        public String toString() {
            return method.toUpperCase() + " " + pattern + " (" + handler.getBeanType().getSimpleName() + "."
                    + handler.getMethod().getName() + ")";
        }
    }

    @Test
    void everyMappedEndpointIsDescribed() {
        List<Documented> documented = documented(document());
        List<String> missing = new ArrayList<>();
        for (Mapped m : mapped()) {
            if (documented.stream().noneMatch(d -> d.method().equals(m.method()) && matches(m, d.path()))) {
                missing.add(m.toString());
            }
        }
        assertThat(missing).as("endpoints mapped by the server but missing from " + OpenApiDocument.LOCATION).isEmpty();
    }

    @Test
    void everyDescribedOperationIsMappedUnlessInProgress() {
        List<Mapped> mapped = mapped();
        List<String> notServed = new ArrayList<>();
        List<String> nowServed = new ArrayList<>();
        for (Documented d : documented(document())) {
            boolean served = mapped.stream().anyMatch(m -> m.method().equals(d.method()) && matches(m, d.path()));
            if (!served && !d.inProgress()) {
                notServed.add(d.method().toUpperCase() + " " + d.path());
            }
            if (served && d.inProgress()) {
                nowServed.add(d.method().toUpperCase() + " " + d.path());
            }
        }
        assertThat(notServed).as("operations described but not mapped by the server (mark them "
                + STATUS + ": in-progress or remove them)").isEmpty();
        assertThat(nowServed).as("operations marked " + STATUS + ": in-progress that the server now maps: check their "
                + "description against the code, then remove the mark").isEmpty();
    }

    @Test
    void theDocumentIsConsistent() {
        Map<String, Object> doc = document();
        assertThat(doc.get("openapi")).isEqualTo("3.1.0");
        List<String> problems = new ArrayList<>();
        checkRefs(doc, doc, "", problems);
        Set<String> operationIds = new TreeSet<>();
        for (var entry : paths(doc).entrySet()) {
            Map<String, Object> item = resolve(doc, entry.getValue());
            for (var op : item.entrySet()) {
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                Map<String, Object> operation = map(op.getValue());
                String where = op.getKey().toUpperCase() + " " + entry.getKey();
                Object id = operation.get("operationId");
                if (id != null && !operationIds.add((String) id)) {
                    problems.add(where + ": operationId " + id + " is used twice");
                }
                if (!map(operation.get("responses")).containsKey("401")) {
                    problems.add(where + ": every API call can answer 401, describe it");
                }
                Object status = operation.get(STATUS);
                if (status != null && !"in-progress".equals(status)) {
                    problems.add(where + ": unknown " + STATUS + " " + status);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void servesTheDescriptionAsJsonAsYamlAndToSwaggerUi() throws IOException {
        ApiClient api = newAccount().api();
        String yaml = new String(fileBytes(), StandardCharsets.UTF_8);
        JsonMapper json = JsonMapper.builder().build();

        Response asJson = api.get("/v3/api-docs");
        assertThat(asJson.status()).isEqualTo(200);
        assertThat(asJson.contentType()).startsWith("application/json");
        JsonNode expected = json.valueToTree(document());
        assertThat(asJson.json()).isEqualTo(expected);
        assertThat(asJson.json().at("/paths/~1api~1v4~1leads/get/operationId").asString()).isEqualTo("listLeads");

        Response asYaml = api.get("/v3/api-docs.yaml");
        assertThat(asYaml.status()).isEqualTo(200);
        assertThat(asYaml.text()).isEqualTo(yaml);

        Response file = api.get("/openapi/voronka-api.yaml");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.text()).isEqualTo(yaml);

        Response swaggerConfig = api.get("/v3/api-docs/swagger-config");
        assertThat(swaggerConfig.status()).isEqualTo(200);
        assertThat(swaggerConfig.json().get("url").asString()).isEqualTo("/openapi/voronka-api.yaml");
    }

    // ---- the server's side

    private List<Mapped> mapped() {
        List<Mapped> result = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            HandlerMethod handler = e.getValue();
            boolean apiController = handler.getBeanType().getPackageName().startsWith("org.voronka.api");
            for (String pattern : e.getKey().getPatternValues()) {
                if (pattern.equals("/api/**") || !(apiController || pattern.startsWith("/api/"))) {
                    continue;
                }
                Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
                assertThat(methods).as(pattern + " must be mapped to explicit HTTP methods").isNotEmpty();
                for (RequestMethod method : methods) {
                    result.add(new Mapped(method.name().toLowerCase(), pattern, handler));
                }
            }
        }
        assertThat(result).as("API endpoints found").hasSizeGreaterThan(20);
        return result;
    }

    /**
     * Whether a server pattern serves a documented path: literal segments are equal, variables face
     * variables, and a server variable may stand for a documented literal (e.g. {@code {entity}} for
     * {@code leads}) if its regex, if any, admits it and it is not bound to a number.
     */
    static boolean matches(Mapped mapped, String documentedPath) {
        String[] code = mapped.pattern().split("/", -1);
        String[] doc = documentedPath.split("/", -1);
        if (code.length != doc.length) {
            return false;
        }
        for (int i = 0; i < code.length; i++) {
            Matcher c = VARIABLE.matcher(code[i]);
            boolean codeVar = c.matches();
            boolean docVar = VARIABLE.matcher(doc[i]).matches();
            if (docVar) {
                if (!codeVar) {
                    return false;
                }
            } else if (codeVar) {
                String regex = c.group(2);
                if (regex != null && !doc[i].matches(regex)) {
                    return false;
                }
                if (regex == null && numeric(mapped.handler(), c.group(1))) {
                    return false;
                }
            } else if (!code[i].equals(doc[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean numeric(HandlerMethod handler, String variable) {
        for (MethodParameter p : handler.getMethodParameters()) {
            PathVariable pv = p.getParameterAnnotation(PathVariable.class);
            if (pv == null) {
                continue;
            }
            p.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            String name = !pv.name().isEmpty() ? pv.name() : !pv.value().isEmpty() ? pv.value() : p.getParameterName();
            if (variable.equals(name)) {
                Class<?> type = p.getParameterType();
                return type.isPrimitive() || Number.class.isAssignableFrom(type);
            }
        }
        return false;
    }

    // ---- the document's side

    static List<Documented> documented(Map<String, Object> doc) {
        List<Documented> result = new ArrayList<>();
        for (var entry : paths(doc).entrySet()) {
            Map<String, Object> item = resolve(doc, entry.getValue());
            for (var op : item.entrySet()) {
                if (METHODS.contains(op.getKey())) {
                    boolean inProgress = "in-progress".equals(map(op.getValue()).get(STATUS));
                    result.add(new Documented(op.getKey(), entry.getKey(), inProgress));
                }
            }
        }
        assertThat(result).as("operations in the document").hasSizeGreaterThan(20);
        return result;
    }

    private static Map<String, Object> paths(Map<String, Object> doc) {
        return map(doc.get("paths"));
    }

    /** A path item given as {@code $ref: '#/components/pathItems/…'} is followed. */
    private static Map<String, Object> resolve(Map<String, Object> doc, Object node) {
        Map<String, Object> item = map(node);
        Object ref = item.get("$ref");
        return ref == null ? item : map(pointer(doc, (String) ref));
    }

    private static Object pointer(Map<String, Object> doc, String ref) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        Object node = doc;
        for (String part : ref.substring(2).split("/")) {
            if (!(node instanceof Map<?, ?> m) || !m.containsKey(part.replace("~1", "/").replace("~0", "~"))) {
                return null;
            }
            node = m.get(part.replace("~1", "/").replace("~0", "~"));
        }
        return node;
    }

    private static void checkRefs(Map<String, Object> doc, Object node, String at, List<String> problems) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("$ref".equals(k) && (!(v instanceof String ref) || pointer(doc, ref) == null)) {
                    problems.add(at + ": $ref " + v + " points nowhere");
                } else {
                    checkRefs(doc, v, at + "/" + k, problems);
                }
            });
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                checkRefs(doc, l.get(i), at + "/" + i, problems);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    static Map<String, Object> document() {
        try {
            return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(fileBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] fileBytes() throws IOException {
        try (InputStream in = new ClassPathResource(OpenApiDocument.LOCATION).getInputStream()) {
            return in.readAllBytes();
        }
    }
}
