package org.voronka.link;

/** What was created for one complex item: the deal and the contact and company it is linked to. */
public record ComplexResult(long id, Long contactId, Long companyId, String requestId) {}
