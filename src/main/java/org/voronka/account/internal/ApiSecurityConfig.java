package org.voronka.account.internal;

import java.nio.charset.StandardCharsets;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.voronka.account.ActorAuthentication;
import org.voronka.account.ApiTokens;

/**
 * The API is stateless: every request carries {@code Authorization: Bearer <JWT>}. Signature and
 * {@code exp} are checked by Spring Security's resource server; the token row is then checked for
 * revocation and its user for being active. Failures answer amoCRM's 401 problem body.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfig {

    @Bean
    JwtDecoder apiTokenDecoder(SigningKey key) {
        return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key.bytes(), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256).build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, JwtDecoder decoder, ApiTokens tokens) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) ->
                problem(response, 401, "Unauthorized", "Invalid user name or password");
        AccessDeniedHandler forbidden = (request, response, e) ->
                problem(response, 403, "Forbidden", "Access denied");
        http.securityMatcher("/api/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(actorConverter(tokens)))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        return http.build();
    }

    private static Converter<Jwt, AbstractAuthenticationToken> actorConverter(ApiTokens tokens) {
        return jwt -> {
            Object account = jwt.getClaim("account_id");
            String id = jwt.getId();
            if (!(account instanceof Number accountId) || id == null) {
                throw new InvalidBearerTokenException("Token without account");
            }
            return tokens.actorFor(accountId.longValue(), id)
                    .map(ActorAuthentication::new)
                    .orElseThrow(() -> new InvalidBearerTokenException("Token revoked or user inactive"));
        };
    }

    static void problem(jakarta.servlet.http.HttpServletResponse response, int status, String title, String detail)
            throws java.io.IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        String body = "{\"title\":\"" + title + "\",\"type\":\"https://httpstatus.es/" + status + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
