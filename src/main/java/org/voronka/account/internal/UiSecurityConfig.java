package org.voronka.account.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Base64;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.rememberme.TokenBasedRememberMeServices;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.voronka.account.ActorAuthentication;
import org.voronka.account.internal.UiLogins.ActorUser;

/**
 * The web UI: form login with e-mail and password, remember-me, CSRF protection and logout.
 * Sessions live in the database (Spring Session JDBC), and the remember-me key derives from the
 * installation key, so any node can serve any user. Once signed in, the security context holds
 * the user's {@link org.voronka.shared.Actor} as principal, exactly as the API does.
 */
@Configuration(proxyBeanMethods = false)
class UiSecurityConfig {

    static final String[] PUBLIC = {"/login", "/webjars/**", "/css/**", "/js/**", "/img/**", "/favicon.ico", "/favicon.svg", "/error",
            "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/openapi/**", "/swagger-ui/**", "/swagger-ui.html", "/actuator/health", "/actuator/health/**"};

    @Bean
    @Order(2)
    SecurityFilterChain uiChain(HttpSecurity http, UiLogins logins, PasswordEncoder passwords, SigningKey key) throws Exception {
        String rememberKey = "voronka-ui:" + Base64.getEncoder().encodeToString(key.bytes());
        DaoAuthenticationProvider provider = new ActorPasswordProvider(logins, passwords);
        TokenBasedRememberMeServices rememberMe = new ActorRememberMe(rememberKey, logins);
        rememberMe.setParameter("remember-me");
        rememberMe.setTokenValiditySeconds(30 * 24 * 3600);
        AuthenticationEntryPoint htmxLogin = (request, response, e) -> {
            response.setHeader("HX-Redirect", request.getContextPath() + "/login");
            response.setStatus(401);
        };
        http.authorizeHttpRequests(a -> a.requestMatchers(PUBLIC).permitAll().anyRequest().authenticated())
                .authenticationProvider(provider)
                .formLogin(f -> f.loginPage("/login").usernameParameter("email").passwordParameter("password")
                        .defaultSuccessUrl("/leads", false).failureUrl("/login?error").permitAll())
                .rememberMe(r -> r.rememberMeServices(rememberMe).key(rememberKey))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout").deleteCookies("remember-me"))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(htmxLogin, new RequestHeaderRequestMatcher("HX-Request")));
        return http.build();
    }

    /** Checks the password, then keeps only the actor as the principal. */
    static final class ActorPasswordProvider extends DaoAuthenticationProvider {

        ActorPasswordProvider(UiLogins logins, PasswordEncoder passwords) {
            super(logins);
            setPasswordEncoder(passwords);
        }

        @Override
        protected Authentication createSuccessAuthentication(Object principal, Authentication authentication, UserDetails user) {
            ActorAuthentication result = new ActorAuthentication(((ActorUser) user).actor());
            result.setDetails(authentication.getDetails());
            return result;
        }
    }

    /** Remember-me whose restored authentication carries the actor as principal as well. */
    static final class ActorRememberMe extends TokenBasedRememberMeServices {

        private final String key;

        ActorRememberMe(String key, UiLogins logins) {
            super(key, logins);
            this.key = key;
        }

        /** The signed-in principal is the actor; the cookie is made for the e-mail that was just checked. */
        @Override
        public void onLoginSuccess(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                                   Authentication authentication) {
            String email = request.getParameter("email");
            if (email != null) {
                super.onLoginSuccess(request, response, UsernamePasswordAuthenticationToken.unauthenticated(email.trim(), ""));
            }
        }

        @Override
        protected Authentication createSuccessfulAuthentication(HttpServletRequest request, UserDetails user) {
            ActorUser u = (ActorUser) user;
            RememberMeAuthenticationToken token = new RememberMeAuthenticationToken(key, u.actor(), UiLogins.authorities(u.actor()));
            token.setDetails(getAuthenticationDetailsSource().buildDetails(request));
            return token;
        }
    }
}
