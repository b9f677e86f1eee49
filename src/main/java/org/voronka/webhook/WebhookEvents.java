package org.voronka.webhook;

import java.util.List;
import java.util.Set;

/** The events a hook can subscribe to, as amoCRM names them. */
public final class WebhookEvents {

    public static final List<String> ALL = List.of(
            "add_lead", "update_lead", "delete_lead", "restore_lead", "status_lead", "responsible_lead", "note_lead",
            "add_contact", "update_contact", "delete_contact", "restore_contact", "responsible_contact", "note_contact",
            "add_company", "update_company", "delete_company", "restore_company", "responsible_company", "note_company",
            "add_task", "update_task", "delete_task", "responsible_task");

    public static final Set<String> KNOWN = Set.copyOf(ALL);

    private WebhookEvents() {}
}
