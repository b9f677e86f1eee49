package org.voronka.deal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.AccountManagement;
import org.voronka.deal.internal.DealRepository;
import org.voronka.deal.internal.LossReasonRepository;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Actor;
import org.voronka.shared.Ids;
import org.voronka.shared.Source;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;

/**
 * Bulk import of deals with their complete stage histories (source {@code import}). One call
 * validates the whole batch, then writes the deals, their {@code stage_transitions} and (through
 * {@link DealHistoryImported}) their timeline events with JDBC batches in the caller's
 * transaction. Callers import large data sets in chunks of a few thousand deals per call and
 * transaction; memory stays bounded by the chunk.
 */
@Service
public class DealImport {

    private final DealRepository deals;
    private final LossReasonRepository lossReasons;
    private final PipelineManagement pipelines;
    private final AccountManagement accounts;
    private final Ids ids;
    private final ApplicationEventPublisher events;

    DealImport(DealRepository deals, LossReasonRepository lossReasons, PipelineManagement pipelines, AccountManagement accounts,
               Ids ids, ApplicationEventPublisher events) {
        this.deals = deals;
        this.lossReasons = lossReasons;
        this.pipelines = pipelines;
        this.accounts = accounts;
        this.ids = ids;
        this.events = events;
    }

    /**
     * Writes the deals with their histories and returns their new ids in the order given. Each
     * history must start with the creation, run forward in time and name existing stages; a loss
     * reason is only accepted on a deal that ends in Lost. Nothing is written when any deal is
     * invalid.
     */
    @Transactional
    public List<Long> importDeals(Actor actor, List<ImportedDeal> batch) {
        long accountId = actor.accountId();
        if (batch.isEmpty()) {
            return List.of();
        }
        Map<Long, Pipeline> pipelineById = new HashMap<>();
        pipelines.pipelines(accountId).forEach(p -> pipelineById.put(p.id(), p));
        Set<Long> wantedUsers = new HashSet<>();
        Set<Long> wantedReasons = new HashSet<>();
        int moveCount = 0;
        for (ImportedDeal d : batch) {
            wantedUsers.add(d.responsibleUserId());
            if (d.lossReasonId() != null) {
                wantedReasons.add(d.lossReasonId());
            }
            moveCount += d.moves() == null ? 0 : d.moves().size();
        }
        Set<Long> users = accounts.existingUserIds(accountId, wantedUsers);
        Set<Long> reasons = lossReasons.existingIds(accountId, wantedReasons);
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            validate(batch.get(i), Integer.toString(i), pipelineById, users, reasons, problems);
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }

        List<Long> dealIds = ids.next("deal_seq", batch.size());
        List<Long> transitionIds = ids.next("transition_seq", moveCount);
        String source = Source.IMPORT.code();
        String lang = actor.lang();
        Map<Long, Long> groups = new HashMap<>();
        List<Deal> rows = new ArrayList<>(batch.size());
        List<StageTransition> history = new ArrayList<>(moveCount);
        int t = 0;
        for (int i = 0; i < batch.size(); i++) {
            ImportedDeal d = batch.get(i);
            long id = dealIds.get(i);
            ImportedDeal.Move first = d.moves().get(0);
            ImportedDeal.Move last = d.moves().get(d.moves().size() - 1);
            ImportedDeal.Move previous = null;
            for (ImportedDeal.Move m : d.moves()) {
                history.add(new StageTransition(transitionIds.get(t++), id, previous == null ? null : previous.pipelineId(),
                        previous == null ? null : previous.statusId(), m.pipelineId(), m.statusId(), m.at(), m.userId(), source));
                previous = m;
            }
            boolean closed = Stage.isSystemId(last.statusId());
            long group = groups.computeIfAbsent(d.responsibleUserId(), u -> accounts.groupOf(accountId, u));
            String name = d.name() == null || d.name().isBlank() ? DealManagement.defaultName(lang, id) : d.name().trim();
            rows.add(new Deal(accountId, id, name, d.price() == null ? BigDecimal.ZERO : d.price(), d.responsibleUserId(), group,
                    last.pipelineId(), last.statusId(), last.statusId() == Stage.LOST ? d.lossReasonId() : null, null, null,
                    d.createdBy(), last.userId(), first.at(), last.at(), closed ? last.at() : null, null, false, null, null));
        }
        deals.insert(rows);
        deals.insertTransitions(accountId, history);
        events.publishEvent(new DealHistoryImported(accountId, source, history));
        return dealIds;
    }

    private static void validate(ImportedDeal d, String rid, Map<Long, Pipeline> pipelines, Set<Long> users, Set<Long> reasons,
                                 List<Problem> problems) {
        if (d.moves() == null || d.moves().isEmpty()) {
            problems.add(new Problem(rid, "moves", "NotBlank", "A deal's history starts with its creation"));
            return;
        }
        if (!users.contains(d.responsibleUserId())) {
            problems.add(new Problem(rid, "responsible_user_id", "NotSupportedChoice", "User " + d.responsibleUserId() + " does not exist"));
        }
        if (d.price() != null && d.price().signum() < 0) {
            problems.add(new Problem(rid, "price", "InvalidValue", "The budget cannot be negative"));
        }
        ImportedDeal.Move previous = null;
        for (int m = 0; m < d.moves().size(); m++) {
            ImportedDeal.Move move = d.moves().get(m);
            String path = "moves." + m;
            Pipeline p = pipelines.get(move.pipelineId());
            if (p == null || p.stage(move.statusId()).isEmpty()) {
                problems.add(new Problem(rid, path, "NotSupportedChoice",
                        "Pipeline " + move.pipelineId() + " has no stage " + move.statusId()));
            }
            if (move.at() == null) {
                problems.add(new Problem(rid, path + ".at", "NotBlank", "Every move needs its time"));
            } else if (previous != null && previous.at() != null && move.at().isBefore(previous.at())) {
                problems.add(new Problem(rid, path + ".at", "InvalidValue", "Moves must be in chronological order"));
            }
            if (previous != null && previous.pipelineId() == move.pipelineId() && previous.statusId() == move.statusId()) {
                problems.add(new Problem(rid, path, "InvalidValue", "A move must change the stage"));
            }
            previous = move;
        }
        Long reason = d.lossReasonId();
        if (reason != null) {
            if (!reasons.contains(reason)) {
                problems.add(new Problem(rid, "loss_reason_id", "NotSupportedChoice", "Loss reason " + reason + " does not exist"));
            } else if (previous.statusId() != Stage.LOST) {
                problems.add(new Problem(rid, "loss_reason_id", "InvalidValue", "A loss reason is only set on deals in stage 143 (lost)"));
            }
        }
    }

    /** An imported deal's main contact and company. */
    public record ImportedParties(long dealId, Long contactId, Long companyId) {}

    /**
     * Attaches contacts (as main) and companies to imported deals in two batches. Like the import
     * itself this is history, not a change: updated_at stays and no events are written.
     */
    @Transactional
    public void attachParties(Actor actor, List<ImportedParties> parties) {
        deals.insertContacts(actor.accountId(), parties.stream().filter(p -> p.contactId() != null)
                .map(p -> new DealContact(p.dealId(), p.contactId(), true)).toList());
        deals.setCompanies(actor.accountId(), parties.stream().filter(p -> p.companyId() != null)
                .map(p -> new long[] {p.dealId(), p.companyId()}).toList());
    }
}
