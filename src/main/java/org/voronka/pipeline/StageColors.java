package org.voronka.pipeline;

import java.util.List;
import java.util.Locale;

/** amoCRM's write-side palette for stage colours; reads allow any colour. */
public final class StageColors {

    public static final List<String> PALETTE = List.of(
            "#fffeb2", "#fffd7f", "#fff000", "#ffeab2", "#ffdc7f", "#ffce5a", "#ffdbdb", "#ffc8c8", "#ff8f92", "#d6eaff",
            "#c1e0ff", "#98cbff", "#ebffb1", "#deff81", "#87f2c0", "#f9deff", "#f3beff", "#ccc8f9", "#eb93ff", "#f2f3f4",
            "#e6e8ea");

    private StageColors() {}

    public static boolean allowed(String color) {
        return color != null && PALETTE.contains(color.toLowerCase(Locale.ROOT));
    }
}
