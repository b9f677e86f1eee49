package org.voronka.analytics;

import java.util.Locale;
import java.util.Optional;

/**
 * How a funnel counts a deal in a stage. {@link #REACHED}: in every working stage up to the
 * furthest one it ever reached in the pipeline (a deal that entered Won reached them all), so
 * skipping a stage does not break the funnel. {@link #VISITED}: only in the stages it actually
 * stood in, which shows the stages that are skipped in practice.
 */
public enum FunnelModel {
    REACHED, VISITED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FunnelModel> of(String code) {
        for (FunnelModel m : values()) {
            if (m.code().equals(code)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
