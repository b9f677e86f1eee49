package org.voronka.customfield;

import java.util.List;

/** A field to define; options are given as (value, code) pairs in display order. */
public record NewField(String name, String code, String type, int sort, boolean predefined, List<Option> options) {

    public record Option(String value, String code) {}
}
