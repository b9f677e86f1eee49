package org.voronka.deal.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.voronka.customfield.SqlCondition;
import org.voronka.deal.DealQuery;
import org.voronka.shared.LikePattern;

/**
 * The conditions a deal's contacts and company put on the deal id: one semi-join each, from the
 * matching contacts (or companies), found by the field-value and name indexes, over the link table
 * (or {@code deals.company_id}) to the deals — so the cost follows how many contacts match, not how
 * many deals the account has.
 */
public final class PartySql {

    private PartySql() {}

    /**
     * {@code fields}: the contact's field filters as a condition on {@code c.id}, built by the custom
     * field module. One contact must meet every condition.
     */
    public static SqlCondition contact(long accountId, DealQuery.Party party, SqlCondition fields) {
        if (party.isEmpty()) {
            return SqlCondition.NONE;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        String contacts = matching("contacts", "pc", accountId, party, fields, p);
        return new SqlCondition("id in (select dc.deal_id from deal_contacts dc where dc.account_id = :pc_account and dc.contact_id in ("
                + contacts + "))", p);
    }

    /** The same for the deal's company. */
    public static SqlCondition company(long accountId, DealQuery.Party party, SqlCondition fields) {
        if (party.isEmpty()) {
            return SqlCondition.NONE;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        return new SqlCondition("company_id in (" + matching("companies", "pk", accountId, party, fields, p) + ")", p);
    }

    /** The ids of the live contacts (or companies) meeting the conditions. */
    private static String matching(String table, String prefix, long accountId, DealQuery.Party party, SqlCondition fields,
                                   Map<String, Object> p) {
        p.put(prefix + "_account", accountId);
        String sql = "select c.id from " + table + " c where c.account_id = :" + prefix + "_account and not c.is_deleted";
        if (party.name() != null) {
            sql += " and lower(c.name) like :" + prefix + "_name" + LikePattern.ESCAPE;
            p.put(prefix + "_name", LikePattern.contains(party.name()));
        }
        if (!fields.isEmpty()) {
            sql += " and " + fields.sql();
            p.putAll(fields.params());
        }
        return sql;
    }
}
