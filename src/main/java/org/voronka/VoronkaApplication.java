package org.voronka;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/** Voronka: a self-hosted sales-pipeline CRM with an amoCRM API v4 compatible REST API. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = "shared")
public class VoronkaApplication {

    public static void main(String[] args) {
        SpringApplication.run(VoronkaApplication.class, args);
    }
}
