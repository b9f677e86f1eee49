package org.voronka.pipeline;

import java.util.List;
import java.util.Optional;

/** A pipeline with its stages in display order. */
public record Pipeline(long accountId, long id, String name, int sort, boolean main, boolean unsortedOn, boolean archive,
                       List<Stage> stages) {

    public Optional<Stage> stage(long statusId) {
        return stages.stream().filter(s -> s.id() == statusId).findFirst();
    }

    /** The first stage a deal is worked in (not Incoming); where deals of a deleted stage go. */
    public Stage firstWorkingStage() {
        return stages.stream().filter(Stage::isWorking).findFirst()
                .orElseGet(() -> stage(Stage.WON).orElseThrow());
    }

    public Optional<Stage> unsortedStage() {
        return stages.stream().filter(Stage::isUnsorted).findFirst();
    }
}
