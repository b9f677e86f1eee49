package org.voronka.contact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;

/**
 * Possible duplicates of contacts or companies: another live one with the same phone (compared by
 * its digits, 8… and +7… alike), the same e-mail (in any case) or, for companies, the same name.
 * Only a hint: nothing is refused or merged.
 */
@Service
public class PartyDuplicates {

    /** At most this many hints per entity. */
    public static final int MAX = 5;
    private static final int MAX_HOLDERS = 2000;

    /** What to look for: the entity itself ({@code self}, 0 before it exists), its name, phones and e-mails. */
    public record Probe(long self, String name, List<String> phones, List<String> emails) {}

    /** Another contact or company that looks like the same one. */
    public record Duplicate(long id, String name) {}

    private final FieldValues fields;
    private final JdbcClient jdbc;

    PartyDuplicates(FieldValues fields, JdbcClient jdbc) {
        this.fields = fields;
        this.jdbc = jdbc;
    }

    /** The possible duplicates of one contact or company. */
    @Transactional(readOnly = true)
    public List<Duplicate> of(long accountId, String entityType, Probe probe) {
        return of(accountId, entityType, List.of(probe)).getOrDefault(probe.self(), List.of());
    }

    /** The possible duplicates of stored contacts or companies (their name, phones and e-mails as stored), by id. */
    @Transactional(readOnly = true)
    public Map<Long, List<Duplicate>> ofStored(long accountId, String entityType, List<? extends Party> parties) {
        if (parties.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<FieldValue>> values = fields.read(accountId, entityType, parties.stream().map(Party::id).toList());
        List<Probe> probes = parties.stream().map(p -> new Probe(p.id(), p.name(), texts(values.get(p.id()), "PHONE"),
                texts(values.get(p.id()), "EMAIL"))).toList();
        return of(accountId, entityType, probes);
    }

    private static List<String> texts(List<FieldValue> values, String code) {
        return values == null ? List.of() : values.stream().filter(f -> code.equalsIgnoreCase(f.fieldCode()))
                .flatMap(f -> f.values().stream()).map(v -> String.valueOf(v.value())).toList();
    }

    /** The possible duplicates of each probe, by {@code self}; two indexed queries for the whole batch. */
    @Transactional(readOnly = true)
    public Map<Long, List<Duplicate>> of(long accountId, String entityType, List<Probe> probes) {
        String table = PartyTrash.table(entityType);
        boolean byName = CompanyManagement.ENTITY.equals(entityType);
        Map<String, Set<Long>> holders = fields.holders(accountId, entityType,
                probes.stream().flatMap(p -> p.phones().stream()).toList(), probes.stream().flatMap(p -> p.emails().stream()).toList(),
                MAX_HOLDERS);
        Set<Long> ids = new LinkedHashSet<>();
        holders.values().forEach(ids::addAll);
        Set<String> names = new LinkedHashSet<>();
        if (byName) {
            probes.stream().map(Probe::name).filter(n -> n != null && !n.isBlank()).map(PartyDuplicates::lower).forEach(names::add);
        }
        if (ids.isEmpty() && names.isEmpty()) {
            return Map.of();
        }
        List<String> or = new ArrayList<>();
        if (!ids.isEmpty()) {
            or.add("id in (:ids)");
        }
        if (!names.isEmpty()) {
            or.add("lower(name) in (:names)");
        }
        var spec = jdbc.sql("select id, name from " + table + " where account_id = :a and not is_deleted and ("
                + String.join(" or ", or) + ") order by id fetch first " + MAX_HOLDERS + " rows only").param("a", accountId);
        if (!ids.isEmpty()) {
            spec = spec.param("ids", ids);
        }
        if (!names.isEmpty()) {
            spec = spec.param("names", names);
        }
        List<Duplicate> live = spec.query((rs, n) -> new Duplicate(rs.getLong(1), rs.getString(2))).list();
        Map<Long, List<Duplicate>> result = new LinkedHashMap<>();
        for (Probe p : probes) {
            Set<Long> same = new LinkedHashSet<>();
            p.phones().stream().map(t -> FieldValues.key("PHONE", t)).filter(Objects::nonNull)
                    .forEach(k -> same.addAll(holders.getOrDefault(k, Set.of())));
            p.emails().stream().map(t -> FieldValues.key("EMAIL", t)).filter(Objects::nonNull)
                    .forEach(k -> same.addAll(holders.getOrDefault(k, Set.of())));
            String name = byName && p.name() != null && !p.name().isBlank() ? lower(p.name()) : null;
            List<Duplicate> found = live.stream().filter(d -> d.id() != p.self())
                    .filter(d -> same.contains(d.id()) || (name != null && name.equals(lower(d.name())))).limit(MAX).toList();
            if (!found.isEmpty()) {
                result.put(p.self(), found);
            }
        }
        return result;
    }

    private static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
