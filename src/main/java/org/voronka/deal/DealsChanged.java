package org.voronka.deal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Published inside the transaction of a create or update, once per batch, so listeners (the
 * timeline) can write their rows in one batch in the same transaction.
 */
public record DealsChanged(long accountId, long userId, Instant at, String source, List<Change> changes) {

    public sealed interface Change permits Created, StageChanged, ResponsibleChanged, PriceChanged, NameChanged, ContactLinked,
            CompanyLinked, Deleted, Restored, Merged, FieldChanged, LossReasonChanged {
        long dealId();
    }

    public record Created(long dealId, long pipelineId, long statusId) implements Change {}

    public record StageChanged(long dealId, long fromPipelineId, long fromStatusId, long toPipelineId, long toStatusId)
            implements Change {}

    public record ResponsibleChanged(long dealId, long from, long to) implements Change {}

    public record PriceChanged(long dealId, BigDecimal from, BigDecimal to) implements Change {}

    public record NameChanged(long dealId, String from, String to) implements Change {}

    /**
     * The loss reason changed (null: none): set or changed on a lost deal, cleared when it leaves
     * Lost, given by a move into Lost, or gone with a deleted reason. A deal's first reason, given
     * at its creation, is part of {@link Created}.
     */
    public record LossReasonChanged(long dealId, Long from, Long to) implements Change {}

    /** linked = false for an unlink */
    public record ContactLinked(long dealId, long contactId, boolean linked) implements Change {}

    public record CompanyLinked(long dealId, long companyId, boolean linked) implements Change {}

    /** Moved to the trash. */
    public record Deleted(long dealId) implements Change {}

    /** Brought back from the trash. */
    public record Restored(long dealId) implements Change {}

    /** A custom field's values changed (before and after as stored). */
    public record FieldChanged(long dealId, org.voronka.customfield.FieldChange change) implements Change {}

    /** Other deals were merged into this one. */
    public record Merged(long dealId, List<Long> mergedIds) implements Change {}
}
