package org.voronka.web;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.voronka.account.AccountManagement;
import org.voronka.account.User;
import org.voronka.customfield.CustomField;
import org.voronka.massaction.DealExport;
import org.voronka.massaction.Failure;
import org.voronka.massaction.MassAction;
import org.voronka.massaction.MassActions;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.shared.Actor;

/** A mass action run as the list page shows it: progress, estimate, failures, what it did. */
@Component
class MassActionView {

    static final int FAILURES_SHOWN = 50;

    record Run(MassAction run, Long secondsLeft, List<Failure> failures, String target) {}

    private final MassActions massActions;
    private final DealExport export;
    private final PipelineManagement pipelines;
    private final AccountManagement accounts;
    private final Clock clock;

    MassActionView(MassActions massActions, DealExport export, PipelineManagement pipelines, AccountManagement accounts, Clock clock) {
        this.massActions = massActions;
        this.export = export;
        this.pipelines = pipelines;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The deal fields a mass action can set or an export can show. */
    List<CustomField> fields(Actor actor) {
        return export.fieldColumns(actor.accountId());
    }

    /** The user's latest run, while it works and for a day after it ended. */
    Optional<Run> latest(Actor actor) {
        java.time.Instant dayAgo = clock.instant().minus(Duration.ofDays(1));
        return massActions.recent(actor, 20).stream().filter(r -> r.createdBy() == actor.userId()).findFirst()
                .filter(r -> !r.over() || r.finishedAt() == null || r.finishedAt().isAfter(dayAgo)).map(r -> of(actor, r));
    }

    Run of(Actor actor, MassAction run) {
        Duration left = run.remaining(clock.instant());
        List<Failure> failures = run.failed() == 0 ? List.of() : massActions.failures(actor, run.id(), FAILURES_SHOWN);
        return new Run(run, left == null ? null : Math.max(1, left.toSeconds()), failures, target(actor, run));
    }

    /** A value as the user entered it: the option's name for options, else the value. */
    private static String shown(CustomField f, org.voronka.customfield.FieldWrite.ValueWrite v) {
        if (v.enumId() != null) {
            return f.enums().stream().filter(e -> e.id() == v.enumId()).map(CustomField.FieldEnum::value).findFirst()
                    .orElse("#" + v.enumId());
        }
        return String.valueOf(v.value());
    }

    /** The stage, user or tags the run applies, in words (names, never ids alone). */
    private String target(Actor actor, MassAction run) {
        var spec = run.spec();
        return switch (spec.kind()) {
            case STAGE -> {
                Map<Long, Pipeline> byId = pipelines.pipelines(actor.accountId()).stream()
                        .collect(Collectors.toMap(Pipeline::id, p -> p));
                yield byId.values().stream().filter(p -> spec.pipelineId() == null || p.id() == spec.pipelineId())
                        .flatMap(p -> p.stage(spec.statusId()).map(s -> p.name() + " → " + s.name()).stream()).findFirst()
                        .orElse("#" + spec.statusId());
            }
            case SET_FIELD, CLEAR_FIELD -> export.fieldColumns(actor.accountId()).stream().filter(f -> f.id() == spec.fieldId())
                    .findFirst().map(f -> spec.kind() == org.voronka.massaction.ActionSpec.Kind.CLEAR_FIELD ? f.name()
                            : f.name() + ": " + String.join(", ", spec.fieldValues().stream().map(v -> shown(f, v)).toList()))
                    .orElse("#" + spec.fieldId());
            case RESPONSIBLE, TASK -> spec.responsibleUserId() == null ? ""
                    : accounts.user(actor.accountId(), spec.responsibleUserId()).map(User::name).orElse("#" + spec.responsibleUserId());
            default -> "";
        };
    }
}
