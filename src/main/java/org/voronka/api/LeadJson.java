package org.voronka.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.voronka.customfield.FieldValue;
import org.voronka.deal.Deal;
import org.voronka.deal.DealContact;
import org.voronka.deal.LossReason;
import org.voronka.shared.Times;
import org.voronka.tag.Tag;

/** A deal in amoCRM's lead shape. */
final class LeadJson {

    private LeadJson() {}

    /** {@code liveCompanies}: the deal's company is shown only when it is among them (not in the trash). */
    static Map<String, Object> of(Deal d, List<Tag> tags, List<FieldValue> fields, List<DealContact> contacts, Map<Long, LossReason> reasons,
                                  Set<String> with, Set<Long> liveCompanies) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("name", d.name());
        m.put("price", d.price().setScale(0, RoundingMode.DOWN).longValue());
        m.put("price_with_minor_units", d.price().doubleValue());
        m.put("responsible_user_id", d.responsibleUserId());
        m.put("group_id", d.groupId());
        m.put("status_id", d.statusId());
        m.put("pipeline_id", d.pipelineId());
        m.put("loss_reason_id", d.lossReasonId());
        if (with.contains("source_id")) {
            m.put("source_id", d.sourceId());
        }
        m.put("created_by", d.createdBy());
        m.put("updated_by", d.updatedBy());
        m.put("created_at", Times.seconds(d.createdAt()));
        m.put("updated_at", Times.seconds(d.updatedAt()));
        m.put("closed_at", Times.seconds(d.closedAt()));
        m.put("closest_task_at", Times.seconds(d.closestTaskAt()));
        m.put("is_deleted", d.deleted());
        m.put("custom_fields_values", PartyJson.fields(fields));
        m.put("score", d.score());
        m.put("account_id", d.accountId());
        m.put("labor_cost", d.laborCost());
        m.put("_links", Hal.self("/api/v4/leads/" + d.id()));
        Map<String, Object> embedded = new LinkedHashMap<>();
        embedded.put("tags", tags(tags));
        List<Object> companies = new ArrayList<>();
        if (d.companyId() != null && liveCompanies.contains(d.companyId())) {
            companies.add(ref(d.companyId(), "companies"));
        }
        embedded.put("companies", companies);
        if (with.contains("contacts")) {
            List<Object> list = new ArrayList<>();
            for (DealContact c : contacts) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("id", c.contactId());
                cm.put("is_main", c.main());
                cm.put("_links", Hal.self("/api/v4/contacts/" + c.contactId()));
                list.add(cm);
            }
            embedded.put("contacts", list);
        }
        if (with.contains("loss_reason") && d.lossReasonId() != null && reasons.containsKey(d.lossReasonId())) {
            embedded.put("loss_reason", List.of(lossReason(reasons.get(d.lossReasonId()))));
        }
        m.put("_embedded", embedded);
        return m;
    }

    /** The reduced model amoCRM returns for deals in the trash ({@code with=only_deleted}). */
    static Map<String, Object> deleted(Deal d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("updated_at", Times.seconds(d.updatedAt()));
        m.put("updated_by", d.updatedBy());
        m.put("is_deleted", true);
        m.put("_links", Hal.self("/api/v4/leads/" + d.id()));
        return m;
    }

    static List<Object> tags(List<Tag> tags) {
        List<Object> list = new ArrayList<>();
        for (Tag t : tags) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("id", t.id());
            tm.put("name", t.name());
            tm.put("color", t.color());
            list.add(tm);
        }
        return list;
    }

    static Map<String, Object> ref(long id, String collection) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("_links", Hal.self("/api/v4/" + collection + "/" + id));
        return m;
    }

    static Map<String, Object> lossReason(LossReason r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("sort", r.sort());
        m.put("created_at", Times.seconds(r.createdAt()));
        m.put("updated_at", Times.seconds(r.updatedAt()));
        m.put("_links", Hal.self("/api/v4/leads/loss_reasons/" + r.id()));
        return m;
    }

}
