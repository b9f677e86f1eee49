package org.voronka.messaging;

/**
 * A send to queue: {@code channel} email or sms; {@code subject} for e-mail only. {@code dealId},
 * {@code ruleId}, {@code runId} and {@code ruleName} say what it is about and which automation
 * rule sent it (null when none); {@code userId} is on whose behalf (0 for the system).
 */
public record OutgoingMessage(String channel, String recipient, String subject, String body, Long dealId, Long ruleId, Long runId,
                              String ruleName, long userId) {

    public static final String EMAIL = "email";
    public static final String SMS = "sms";
}
