package org.voronka.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.support.ApiTest;

/** Moving a working stage to a position, as the pipeline editor does by drag and drop. */
class StageOrderTests extends ApiTest {

    @Autowired
    PipelineManagement pipelines;

    List<String> working(long accountId, long pipelineId) {
        return pipelines.pipeline(accountId, pipelineId).orElseThrow().stages().stream().filter(Stage::isWorking)
                .map(Stage::name).toList();
    }

    @Test
    void aStageMovedLeftOrRightLandsWhereItWasPut() {
        var account = newAccount("en");
        Pipeline p = pipelines.mainPipeline(account.accountId());
        List<Stage> stages = p.stages().stream().filter(Stage::isWorking).toList();
        assertThat(working(account.accountId(), p.id()))
                .containsExactly("Initial contact", "Negotiation", "Decision making", "Contract discussion");
        // the last one to the second place: sort 30 is the number of the second place
        tx.execute(s -> pipelines.updateStage(account.admin(), p.id(), stages.get(3).id(), new StageChange(null, 30, null)));
        assertThat(working(account.accountId(), p.id()))
                .containsExactly("Initial contact", "Contract discussion", "Negotiation", "Decision making");
        // the first one to the last place
        tx.execute(s -> pipelines.updateStage(account.admin(), p.id(), stages.get(0).id(), new StageChange(null, 50, null)));
        assertThat(working(account.accountId(), p.id()))
                .containsExactly("Contract discussion", "Negotiation", "Decision making", "Initial contact");
        List<Integer> sorts = pipelines.pipeline(account.accountId(), p.id()).orElseThrow().stages().stream()
                .filter(Stage::isWorking).map(Stage::sort).toList();
        assertThat(sorts).containsExactly(20, 30, 40, 50);
    }
}
