package org.voronka.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

@Configuration(proxyBeanMethods = false)
class WebConfig {

    /** Named so that the DispatcherServlet picks it up instead of the default one. */
    @Bean
    LocaleResolver localeResolver(org.voronka.account.AccountManagement accounts) {
        return new UserLocaleResolver(accounts);
    }

    /**
     * Switches off the filter that rewrites every link of a page through the static resource
     * resolvers. We version no resources (the WebJars' version-free addresses are resolved when
     * they are requested, not when they are written), and with static resources served from
     * {@code /**} the filter looked up each card's {@code /leads/{id}} in the class path, a miss it
     * does not cache: three quarters of a board page's CPU time. Registering it disabled keeps
     * Spring Boot from registering its own.
     */
    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> noResourceUrlEncoding() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration = new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setEnabled(false);
        return registration;
    }
}
