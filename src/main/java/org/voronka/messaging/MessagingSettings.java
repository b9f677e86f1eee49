package org.voronka.messaging;

import java.util.List;

/**
 * An account's SMTP server and SMS gateway. {@code smtpSecurity} is none, starttls or ssl;
 * {@code smsProvider} none, logging (the SMS is written to the deal's timeline, nothing is sent) or
 * http (a request to {@code smsUrl} with {@code smsMethod}, the body {@code smsBody} with
 * {@code {{phone}}} and {@code {{text}}} filled in).
 */
public record MessagingSettings(String smtpHost, Integer smtpPort, String smtpUser, String smtpPassword, String smtpFrom,
                                String smtpSecurity, String smsProvider, String smsUrl, String smsMethod, String smsContentType,
                                String smsBody) {

    public static final List<String> SECURITY = List.of("none", "starttls", "ssl");
    public static final List<String> PROVIDERS = List.of("none", "logging", "http");
    public static final List<String> METHODS = List.of("POST", "PUT", "GET");
    public static final List<String> CONTENT_TYPES = List.of("application/json", "application/x-www-form-urlencoded", "text/plain");

    public static MessagingSettings none() {
        return new MessagingSettings(null, 587, null, null, null, "starttls", "none", null, "POST", "application/json", null);
    }

    /** E-mail can be sent: a server and a sender address are set. */
    public boolean emailReady() {
        return smtpHost != null && !smtpHost.isBlank() && smtpFrom != null && !smtpFrom.isBlank();
    }

    /** SMS can be sent (or logged). */
    public boolean smsReady() {
        return "logging".equals(smsProvider) || "http".equals(smsProvider) && smsUrl != null && !smsUrl.isBlank();
    }

    public MessagingSettings withSmtp(String host, Integer port, String user, String password, String from, String security) {
        return new MessagingSettings(host, port, user, password, from, security, smsProvider, smsUrl, smsMethod, smsContentType, smsBody);
    }

    public MessagingSettings withSms(String provider, String url, String method, String contentType, String body) {
        return new MessagingSettings(smtpHost, smtpPort, smtpUser, smtpPassword, smtpFrom, smtpSecurity, provider, url, method, contentType,
                body);
    }
}
