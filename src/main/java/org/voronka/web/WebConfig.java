package org.voronka.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;

@Configuration(proxyBeanMethods = false)
class WebConfig {

    /** Named so that the DispatcherServlet picks it up instead of the default one. */
    @Bean
    LocaleResolver localeResolver(org.voronka.account.AccountManagement accounts) {
        return new UserLocaleResolver(accounts);
    }
}
