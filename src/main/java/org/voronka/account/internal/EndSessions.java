package org.voronka.account.internal;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.voronka.account.UserDeactivated;

/**
 * Signs a deactivated user out everywhere: their web sessions (kept in the database, indexed by
 * the principal's name, which is the user id) are deleted once the deactivation is committed.
 * Remember-me cookies stop working because a deactivated user is not enabled.
 */
@Component
class EndSessions {

    private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions;

    EndSessions(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions) {
        this.sessions = sessions;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(UserDeactivated event) {
        FindByIndexNameSessionRepository<? extends Session> repository = sessions.getIfAvailable();
        if (repository != null) {
            repository.findByPrincipalName(Long.toString(event.userId())).keySet().forEach(repository::deleteById);
        }
    }
}
