package org.voronka.analytics;

import java.util.Locale;

/**
 * Where a deal of a report's cohort ended in the pipeline, by its latest state: won (it entered
 * Won and is still there, or went on to another pipeline from Won), lost (it is in Lost, or went
 * on from Lost), moved out (it left for another pipeline from an open stage) or still open.
 */
public enum Outcome {
    WON, LOST, MOVED_OUT, OPEN;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
