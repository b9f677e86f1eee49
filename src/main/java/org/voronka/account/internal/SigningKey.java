package org.voronka.account.internal;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The installation's token signing key: {@code voronka.security.token-key} (base64, at least 32
 * bytes) when configured, otherwise a random key generated once and kept in the database so that
 * every application node shares it. Never logged.
 */
@Component
public class SigningKey {

    private final byte[] bytes;

    SigningKey(JdbcClient jdbc, @Value("${voronka.security.token-key:}") String configured) {
        this.bytes = configured.isBlank() ? stored(jdbc) : decode(configured);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    private static byte[] decode(String base64) {
        byte[] key = Base64.getDecoder().decode(base64.trim());
        if (key.length < 32) {
            throw new IllegalStateException("voronka.security.token-key must hold at least 32 bytes (base64)");
        }
        return key;
    }

    private static byte[] stored(JdbcClient jdbc) {
        var existing = jdbc.sql("select setting_value from installation_settings where name = 'token_key'").query(String.class).optional();
        if (existing.isPresent()) {
            return decode(existing.get());
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            jdbc.sql("insert into installation_settings (name, setting_value) values ('token_key', ?)")
                    .param(Base64.getEncoder().encodeToString(fresh)).update();
            return fresh;
        } catch (DataIntegrityViolationException raced) {
            // another node created it first
            return decode(jdbc.sql("select setting_value from installation_settings where name = 'token_key'").query(String.class).single());
        }
    }
}
