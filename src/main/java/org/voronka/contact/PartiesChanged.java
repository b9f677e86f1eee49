package org.voronka.contact;

import java.time.Instant;
import java.util.List;

/**
 * Published inside the transaction that created or linked contacts and companies, once per
 * batch, so the timeline writes its rows in the same transaction.
 */
public record PartiesChanged(long accountId, long userId, Instant at, List<Change> changes) {

    public sealed interface Change permits ContactAdded, CompanyAdded, CompanyLinked {}

    public record ContactAdded(long contactId) implements Change {}

    public record CompanyAdded(long companyId) implements Change {}

    /** A contact joined (linked = true) or left a company. */
    public record CompanyLinked(long contactId, long companyId, boolean linked) implements Change {}
}
