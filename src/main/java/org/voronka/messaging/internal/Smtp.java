package org.voronka.messaging.internal;

import java.time.Duration;
import java.util.Properties;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.voronka.messaging.MessagingSettings;

/** One e-mail over the account's SMTP server, as configured at the moment of sending. */
public final class Smtp {

    private Smtp() {}

    public static void send(MessagingSettings s, String to, String subject, String body, Duration timeout) throws MailException {
        JavaMailSenderImpl mailer = new JavaMailSenderImpl();
        mailer.setHost(s.smtpHost());
        mailer.setPort(s.smtpPort() == null ? 587 : s.smtpPort());
        mailer.setDefaultEncoding("UTF-8");
        boolean auth = s.smtpUser() != null && !s.smtpUser().isBlank();
        if (auth) {
            mailer.setUsername(s.smtpUser());
            mailer.setPassword(s.smtpPassword());
        }
        Properties p = mailer.getJavaMailProperties();
        String ms = Long.toString(timeout.toMillis());
        p.put("mail.smtp.auth", Boolean.toString(auth));
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        if ("ssl".equals(s.smtpSecurity())) {
            p.put("mail.smtp.ssl.enable", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        } else if ("starttls".equals(s.smtpSecurity())) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        SimpleMailMessage m = new SimpleMailMessage();
        m.setFrom(s.smtpFrom());
        m.setTo(to);
        m.setSubject(subject == null ? "" : subject);
        m.setText(body);
        mailer.send(m);
    }
}
