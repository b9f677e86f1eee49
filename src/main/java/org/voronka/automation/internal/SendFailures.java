package org.voronka.automation.internal;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.voronka.messaging.MessageFailed;

/** An e-mail or SMS a rule sent went to the dead-letter list: its run in the rule's log is marked failed with the reason. */
@Component
class SendFailures {

    private final AutomationRepository repository;

    SendFailures(AutomationRepository repository) {
        this.repository = repository;
    }

    @EventListener
    void on(MessageFailed event) {
        if (event.runId() != null) {
            repository.sendFailed(event.accountId(), event.runId(), ("email".equals(event.channel()) ? "e-mail" : "SMS") + " to "
                    + event.recipient() + " not sent: " + event.error());
        }
    }
}
