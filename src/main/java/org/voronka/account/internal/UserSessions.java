package org.voronka.account.internal;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.voronka.account.ActorAuthentication;
import org.voronka.account.UserChanged;
import org.voronka.account.UserDeactivated;
import org.voronka.shared.Actor;

/**
 * Keeps a user's web sessions (kept in the database, indexed by the principal's name, which is the
 * user id) in step with what an administrator did to the user, once it is committed: a deactivated
 * user or one given a new password is signed out everywhere; a new role or language applies to
 * their open sessions from their next request, not only from their next sign-in. Remember-me
 * cookies load the user afresh anyway, and stop working for a deactivated user.
 */
@Component
class UserSessions {

    private static final String CONTEXT = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

    private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions;

    UserSessions(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions) {
        this.sessions = sessions;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(UserDeactivated event) {
        FindByIndexNameSessionRepository<? extends Session> repository = sessions.getIfAvailable();
        if (repository != null) {
            repository.findByPrincipalName(Long.toString(event.userId())).keySet().forEach(repository::deleteById);
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(UserChanged event) {
        FindByIndexNameSessionRepository<? extends Session> repository = sessions.getIfAvailable();
        if (repository == null) {
            return;
        }
        if (event.passwordChanged()) {
            repository.findByPrincipalName(Long.toString(event.userId())).keySet().forEach(repository::deleteById);
        } else {
            refresh(repository, event);
        }
    }

    private static <S extends Session> void refresh(FindByIndexNameSessionRepository<S> repository, UserChanged event) {
        for (S session : repository.findByPrincipalName(Long.toString(event.userId())).values()) {
            if (session.getAttribute(CONTEXT) instanceof SecurityContext context
                    && context.getAuthentication() != null && context.getAuthentication().getPrincipal() instanceof Actor old
                    && old.accountId() == event.accountId()) {
                ActorAuthentication changed = new ActorAuthentication(new Actor(old.accountId(), old.userId(), event.admin(), event.lang()));
                changed.setDetails(context.getAuthentication().getDetails());
                session.setAttribute(CONTEXT, new SecurityContextImpl(changed));
                repository.save(session);
            }
        }
    }
}
