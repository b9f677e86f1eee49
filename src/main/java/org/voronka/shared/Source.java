package org.voronka.shared;

/** Where a change came from; recorded with every stage move. */
public enum Source {
    UI, API, AUTOMATION, IMPORT, MASS_ACTION;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
