package org.voronka.contact;

import java.time.Instant;

/** What contacts and companies have alike: the card, the list and an edit read these. */
public interface Party {

    long id();

    String name();

    long responsibleUserId();

    long groupId();

    Instant createdAt();
}
