package org.voronka.account.internal;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.shared.Actor;

/**
 * Users signing in to the web UI by e-mail and password (bcrypt hash in {@code users.password_hash}).
 * A user without a password (API-only) or a deactivated user cannot sign in.
 */
@Component
class UiLogins implements UserDetailsService {

    private final AccountRepository repository;

    UiLogins(AccountRepository repository) {
        this.repository = repository;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String email) {
        var login = repository.findLogin(email == null ? "" : email.trim())
                .filter(l -> l.passwordHash() != null && !l.passwordHash().isBlank())
                .orElseThrow(() -> new UsernameNotFoundException("unknown e-mail"));
        var u = login.user();
        return new ActorUser(new Actor(u.accountId(), u.id(), u.admin(), u.lang()), u.email(), login.passwordHash(), u.active());
    }

    static Collection<? extends GrantedAuthority> authorities(Actor actor) {
        return actor.admin() ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN"), new SimpleGrantedAuthority("ROLE_USER"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER"));
    }

    /** The user as Spring Security checks the password; once signed in only the {@link Actor} is kept. */
    record ActorUser(Actor actor, String email, String passwordHash, boolean active) implements UserDetails {

        @Override
        public Collection<? extends GrantedAuthority> getAuthorities() {
            return authorities(actor);
        }

        @Override
        public String getPassword() {
            return passwordHash;
        }

        @Override
        public String getUsername() {
            return email;
        }

        @Override
        public boolean isEnabled() {
            return active;
        }

        @Override
        public String toString() {
            return "ActorUser[" + actor + "]";
        }
    }
}
