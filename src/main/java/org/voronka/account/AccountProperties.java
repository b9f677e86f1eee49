package org.voronka.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Account defaults and limits ({@code voronka.account.*}).
 *
 * @param maxPipelines pipelines per account (amoCRM: 50)
 * @param maxStatuses  stages per pipeline, system stages included (amoCRM: 100)
 */
@ConfigurationProperties("voronka.account")
public record AccountProperties(Integer maxPipelines, Integer maxStatuses, Boolean unsortedOn, Boolean lossReasonEnabled) {

    public AccountProperties {
        maxPipelines = maxPipelines == null ? 50 : maxPipelines;
        maxStatuses = maxStatuses == null ? 100 : maxStatuses;
        unsortedOn = unsortedOn == null ? Boolean.TRUE : unsortedOn;
        lossReasonEnabled = lossReasonEnabled == null ? Boolean.TRUE : lossReasonEnabled;
    }
}
