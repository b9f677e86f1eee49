package org.voronka.contact;

import java.time.Instant;
import java.util.List;

/**
 * Published inside the transaction that created, changed, linked, deleted or restored contacts and
 * companies, once per batch, so the timeline writes its rows in the same transaction.
 * {@code entityType} is {@code contacts} or {@code companies}.
 */
public record PartiesChanged(long accountId, long userId, Instant at, List<Change> changes) {

    public sealed interface Change permits ContactAdded, CompanyAdded, CompanyLinked, NameChanged, ResponsibleChanged, TagsChanged,
            FieldsChanged, Deleted, Restored {}

    public record ContactAdded(long contactId) implements Change {}

    public record CompanyAdded(long companyId) implements Change {}

    /** A contact joined (linked = true) or left a company. */
    public record CompanyLinked(long contactId, long companyId, boolean linked) implements Change {}

    public record NameChanged(String entityType, long id, String from, String to) implements Change {}

    public record ResponsibleChanged(String entityType, long id, long from, long to) implements Change {}

    /** Tag names added and removed by one edit. */
    public record TagsChanged(String entityType, long id, List<String> added, List<String> removed) implements Change {}

    /**
     * Custom field values changed by an edit ({@code fieldIds}: the fields whose values really
     * changed). Their before and after travel in the field module's FieldValuesChanged, which the
     * timeline records; this one makes the edit an update of the contact or company as a whole.
     */
    public record FieldsChanged(String entityType, long id, List<Long> fieldIds) implements Change {}

    /** Moved to the trash. */
    public record Deleted(String entityType, long id) implements Change {}

    /** Brought back from the trash. */
    public record Restored(String entityType, long id) implements Change {}
}
