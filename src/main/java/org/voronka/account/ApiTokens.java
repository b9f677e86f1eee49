package org.voronka.account;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.internal.SigningKey;
import org.voronka.account.internal.TokenRepository;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.ValidationException;

/**
 * Long-lived API tokens. A token is a JWT (HS256, installation key) carrying {@code exp}, the
 * account and the user, so amoCRM client libraries that parse the token find what they expect;
 * a row per token lets an administrator list and revoke them.
 */
@Service
public class ApiTokens {

    public static final Duration MIN_LIFETIME = Duration.ofDays(1);
    public static final Duration MAX_LIFETIME = Duration.ofDays(5 * 365 + 1);

    private static final int CACHE_LIMIT = 10_000;

    private final TokenRepository tokens;
    private final SigningKey key;
    private final AccountManagement accounts;
    private final Clock clock;
    private final long cacheNanos;
    /** Recent answers of {@link #actorFor}: a token used many times a second is checked once per interval. */
    private final Map<String, Cached> recent = new ConcurrentHashMap<>();

    private record Cached(Optional<Actor> actor, long until) {}

    ApiTokens(TokenRepository tokens, SigningKey key, AccountManagement accounts, Clock clock,
              @Value("${voronka.security.token-cache-seconds:10}") int cacheSeconds) {
        this.tokens = tokens;
        this.key = key;
        this.accounts = accounts;
        this.clock = clock;
        this.cacheNanos = Duration.ofSeconds(cacheSeconds).toNanos();
    }

    public record TokenInfo(String id, long userId, String name, Instant createdAt, Instant expiresAt, Instant revokedAt) {}

    /** Issues a token for a user of the admin's account, valid from one day to five years. */
    @Transactional
    public IssuedToken issue(Actor admin, long userId, String name, Duration lifetime) {
        AccountManagement.requireAdmin(admin);
        if (lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw ValidationException.of("0", "lifetime", "InvalidLifetime", "A token lives from 1 day to 5 years");
        }
        accounts.user(admin.accountId(), userId).orElseThrow(() -> new NotFoundException("user " + userId));
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        String id = UUID.randomUUID().toString();
        tokens.insert(admin.accountId(), id, userId, name, admin.userId(), now, expires);
        return new IssuedToken(id, userId, name, expires, sign(admin.accountId(), userId, id, now, expires));
    }

    @Transactional(readOnly = true)
    public List<TokenInfo> list(Actor admin) {
        AccountManagement.requireAdmin(admin);
        return tokens.list(admin.accountId());
    }

    @Transactional
    public void revoke(Actor admin, String tokenId) {
        AccountManagement.requireAdmin(admin);
        if (!tokens.revoke(admin.accountId(), tokenId, clock.instant())) {
            throw new NotFoundException("token " + tokenId);
        }
        recent.remove(admin.accountId() + "/" + tokenId);
    }

    /**
     * The actor behind a token whose signature and expiry were already verified: empty when the
     * token was revoked or its user deactivated. Runs on every API request, so the answer is kept
     * for {@code voronka.security.token-cache-seconds} (10; 0 turns it off): a revocation takes
     * effect at once on the node that made it and within that interval on the others.
     */
    public Optional<Actor> actorFor(long accountId, String tokenId) {
        if (cacheNanos == 0) {
            return tokens.activeActor(accountId, tokenId, clock.instant());
        }
        String key = accountId + "/" + tokenId;
        long now = System.nanoTime();
        Cached hit = recent.get(key);
        if (hit != null && hit.until() - now > 0) {
            return hit.actor();
        }
        Optional<Actor> actor = tokens.activeActor(accountId, tokenId, clock.instant());
        if (recent.size() >= CACHE_LIMIT) {
            recent.clear();
        }
        recent.put(key, new Cached(actor, now + cacheNanos));
        return actor;
    }

    /** A deactivated user's tokens stop working at once on this node (the others see it within the cache interval). */
    @org.springframework.context.event.EventListener
    void on(UserDeactivated event) {
        recent.values().removeIf(c -> c.actor().filter(a -> a.accountId() == event.accountId() && a.userId() == event.userId())
                .isPresent());
    }

    private String sign(long accountId, long userId, String id, Instant now, Instant expires) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("voronka")
                .subject(Long.toString(userId))
                .jwtID(id)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .claim("account_id", accountId)
                .claim("user_id", userId)
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(key.bytes()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }
}
