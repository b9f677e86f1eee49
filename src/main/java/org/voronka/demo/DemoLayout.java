package org.voronka.demo;

import java.util.List;

/**
 * What the generator works with: the pipelines (by role), their stages and the people. Ids are
 * the account's real ids.
 *
 * @param sales      «Продажи», the main pipeline; {@code salesIncoming} is its Incoming stage or null
 * @param legal      «Юристы», where won sales deals are handed over
 * @param lossReasons ids by kind, see {@link Reasons}
 */
public record DemoLayout(Funnel sales, Long salesIncoming, Funnel wholesale, Funnel legal, Funnel repeat,
                         List<Long> salesManagers, List<Long> wholesaleManagers, List<Long> lawyers, Reasons lossReasons) {

    /** A pipeline and its working stages in order. */
    public record Funnel(long pipelineId, List<Long> stages) {}

    public record Reasons(long expensive, long competitor, long noBudget, long noAnswer, long postponed, long contractTerms) {}
}
