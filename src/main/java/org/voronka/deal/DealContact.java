package org.voronka.deal;

/** A contact linked to a deal. */
public record DealContact(long dealId, long contactId, boolean main) {}
