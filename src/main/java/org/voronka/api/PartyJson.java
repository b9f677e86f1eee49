package org.voronka.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voronka.contact.Company;
import org.voronka.contact.Contact;
import org.voronka.customfield.FieldValue;
import org.voronka.shared.Times;
import org.voronka.tag.Tag;

/** Contacts and companies in amoCRM's shape, with {@code custom_fields_values} (null when empty). */
final class PartyJson {

    private PartyJson() {}

    /** {@code leadIds} null when leads were not asked for ({@code with=leads}). */
    static Map<String, Object> contact(Contact c, List<Tag> tags, List<FieldValue> fields, List<Long> leadIds, boolean companyLive) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("first_name", c.firstName());
        m.put("last_name", c.lastName());
        common(m, c.responsibleUserId(), c.groupId(), c.createdBy(), c.updatedBy(), c.createdAt(), c.updatedAt(), c.closestTaskAt());
        m.put("custom_fields_values", fields(fields));
        m.put("account_id", c.accountId());
        m.put("_links", Hal.self("/api/v4/contacts/" + c.id()));
        Map<String, Object> embedded = new LinkedHashMap<>();
        embedded.put("tags", LeadJson.tags(tags));
        embedded.put("companies", c.companyId() == null || !companyLive ? List.of() : List.of(LeadJson.ref(c.companyId(), "companies")));
        if (leadIds != null) {
            embedded.put("leads", refs(leadIds, "leads"));
        }
        m.put("_embedded", embedded);
        return m;
    }

    /** {@code contactIds}/{@code leadIds} null when not asked for. */
    static Map<String, Object> company(Company c, List<Tag> tags, List<FieldValue> fields, List<Long> contactIds, List<Long> leadIds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        common(m, c.responsibleUserId(), c.groupId(), c.createdBy(), c.updatedBy(), c.createdAt(), c.updatedAt(), c.closestTaskAt());
        m.put("custom_fields_values", fields(fields));
        m.put("account_id", c.accountId());
        m.put("_links", Hal.self("/api/v4/companies/" + c.id()));
        Map<String, Object> embedded = new LinkedHashMap<>();
        embedded.put("tags", LeadJson.tags(tags));
        if (contactIds != null) {
            embedded.put("contacts", refs(contactIds, "contacts"));
        }
        if (leadIds != null) {
            embedded.put("leads", refs(leadIds, "leads"));
        }
        m.put("_embedded", embedded);
        return m;
    }

    private static void common(Map<String, Object> m, long responsible, long group, long createdBy, long updatedBy,
                               java.time.Instant createdAt, java.time.Instant updatedAt, java.time.Instant closestTaskAt) {
        m.put("responsible_user_id", responsible);
        m.put("group_id", group);
        m.put("created_by", createdBy);
        m.put("updated_by", updatedBy);
        m.put("created_at", Times.seconds(createdAt));
        m.put("updated_at", Times.seconds(updatedAt));
        m.put("closest_task_at", Times.seconds(closestTaskAt));
        m.put("is_deleted", false);
    }

    private static List<Object> refs(List<Long> ids, String collection) {
        return ids.stream().map(id -> (Object) LeadJson.ref(id, collection)).toList();
    }

    /** Every value carries {@code enum_code} (read by the SDK) and {@code enum} (in the docs' example). */
    static List<Object> fields(List<FieldValue> fields) {
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        List<Object> list = new ArrayList<>();
        for (FieldValue f : fields) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("field_id", f.fieldId());
            fm.put("field_name", f.fieldName());
            fm.put("field_code", f.fieldCode());
            fm.put("field_type", f.fieldType());
            List<Object> values = new ArrayList<>();
            for (FieldValue.Value v : f.values()) {
                Map<String, Object> vm = new LinkedHashMap<>();
                vm.put("value", v.value());
                if (v.enumId() != null) {
                    vm.put("enum_id", v.enumId());
                    vm.put("enum_code", v.enumCode());
                    vm.put("enum", v.enumCode());
                }
                values.add(vm);
            }
            fm.put("values", values);
            list.add(fm);
        }
        return list;
    }
}
