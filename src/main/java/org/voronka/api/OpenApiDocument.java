package org.voronka.api;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.ObjectMapper;

/**
 * Serves the hand-maintained OpenAPI description ({@value #LOCATION}) at {@code /v3/api-docs}
 * (as JSON) and {@code /v3/api-docs.yaml}, in place of the document springdoc would generate:
 * the controllers read raw JSON bodies to report precise error paths, so a generated document
 * would have no shapes. The file itself is also a static resource at
 * {@code /openapi/voronka-api.yaml}, which Swagger UI loads. The filter runs after the security
 * filters, so whatever rules apply to {@code /v3/api-docs} apply here too.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

    static final String LOCATION = "static/openapi/voronka-api.yaml";
    static final String JSON_PATH = "/v3/api-docs";
    static final String YAML_PATH = "/v3/api-docs.yaml";

    @Bean
    FilterRegistrationBean<Filter> openApiDocumentFilter(ObjectMapper json) {
        byte[] yaml = read();
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(yaml, StandardCharsets.UTF_8));
        byte[] asJson = json.writeValueAsBytes(tree);
        Filter filter = (request, response, chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            if (!"GET".equals(http.getMethod()) && !"HEAD".equals(http.getMethod())) {
                chain.doFilter(request, response);
                return;
            }
            boolean asYaml = YAML_PATH.equals(http.getServletPath());
            HttpServletResponse out = (HttpServletResponse) response;
            out.setStatus(200);
            out.setContentType(asYaml ? "application/vnd.oai.openapi;charset=UTF-8" : "application/json");
            byte[] body = asYaml ? yaml : asJson;
            out.setContentLength(body.length);
            if ("GET".equals(http.getMethod())) {
                out.getOutputStream().write(body);
            }
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("openApiDocument");
        registration.addUrlPatterns(JSON_PATH, YAML_PATH);
        return registration;
    }

    private static byte[] read() {
        try (InputStream in = new ClassPathResource(LOCATION).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI description " + LOCATION + " is missing", e);
        }
    }
}
