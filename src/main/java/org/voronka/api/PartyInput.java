package org.voronka.api;

import java.util.ArrayList;
import java.util.List;
import org.voronka.contact.CompanyUpdate;
import org.voronka.contact.ContactUpdate;
import org.voronka.contact.NewCompany;
import org.voronka.contact.NewContact;
import org.voronka.customfield.FieldWrite;
import org.voronka.customfield.FieldWriter;
import org.voronka.tag.TagRef;

/**
 * Reads contacts and companies from amoCRM request JSON, with their tags and
 * {@code custom_fields_values}. Read-only fields a client sends back are ignored.
 */
final class PartyInput {

    private PartyInput() {}

    static NewContact newContact(In in) {
        Long companyId = null;
        In embedded = in.object("_embedded");
        if (embedded != null) {
            List<In> companies = embedded.array("companies");
            if (companies != null && !companies.isEmpty()) {
                if (companies.size() > 1) {
                    embedded.problem("companies", "TooManyItems", "A contact belongs to one company at most");
                }
                companyId = requiredId(companies.get(0), "id");
            }
        }
        return new NewContact(in.requestId(), in.string("name", 255), in.string("first_name", 255), in.string("last_name", 255),
                in.id("responsible_user_id"), in.integer("created_by", 0, Long.MAX_VALUE), in.integer("updated_by", 0, Long.MAX_VALUE),
                in.timestamp("created_at"), in.timestamp("updated_at"), createTags(in), fields(in), companyId);
    }

    static ContactUpdate contactUpdate(In in, long id) {
        return new ContactUpdate(in.requestId(), id, in.string("name", 255), in.string("first_name", 255), in.string("last_name", 255),
                in.id("responsible_user_id"), in.integer("updated_by", 0, Long.MAX_VALUE), in.timestamp("updated_at"),
                replaceTags(in), LeadApi.tagRefs(in, "tags_to_add"), LeadApi.tagRefs(in, "tags_to_delete"), fields(in));
    }

    static NewCompany newCompany(In in) {
        return new NewCompany(in.requestId(), in.string("name", 255), in.id("responsible_user_id"),
                in.integer("created_by", 0, Long.MAX_VALUE), in.integer("updated_by", 0, Long.MAX_VALUE), in.timestamp("created_at"),
                in.timestamp("updated_at"), createTags(in), fields(in));
    }

    static CompanyUpdate companyUpdate(In in, long id) {
        return new CompanyUpdate(in.requestId(), id, in.string("name", 255), in.id("responsible_user_id"),
                in.integer("updated_by", 0, Long.MAX_VALUE), in.timestamp("updated_at"), replaceTags(in),
                LeadApi.tagRefs(in, "tags_to_add"), LeadApi.tagRefs(in, "tags_to_delete"), fields(in));
    }

    /** An id the item must carry: absent or null is a problem too (and never silently skips the item). */
    static Long requiredId(In in, String field) {
        Long id = in.id(field);
        if (id == null && (!in.has(field) || in.isNull(field))) {
            in.problem(field, "NotBlank", "This value should not be blank.");
        }
        return id;
    }

    /** On create, {@code _embedded.tags} and {@code tags_to_add} both just add. */
    private static List<TagRef> createTags(In in) {
        In embedded = in.object("_embedded");
        List<TagRef> tags = embedded == null ? null : LeadApi.tagRefs(embedded, "tags");
        List<TagRef> toAdd = LeadApi.tagRefs(in, "tags_to_add");
        if (toAdd == null) {
            return tags;
        }
        List<TagRef> all = new ArrayList<>(tags == null ? List.of() : tags);
        all.addAll(toAdd);
        return all;
    }

    /** {@code _embedded.tags} replaces all tags; {@code _embedded.tags: null} removes them; absent changes nothing. */
    private static List<TagRef> replaceTags(In in) {
        In embedded = in.object("_embedded");
        return embedded != null && embedded.has("tags") ? LeadApi.tagRefs(embedded, "tags") : null;
    }

    /**
     * {@code custom_fields_values}: null when absent or null (nothing changes); each item names a
     * field by {@code field_id} or {@code field_code}; {@code values: null} clears the field.
     */
    static List<FieldWrite> fields(In in) {
        String field = "custom_fields_values";
        List<In> items = in.array(field);
        if (items == null) {
            return null;
        }
        if (items.size() > FieldWriter.MAX_FIELDS_PER_ENTITY) {
            in.problem(field, "TooManyItems", "At most " + FieldWriter.MAX_FIELDS_PER_ENTITY + " fields per entity");
            return null;
        }
        List<FieldWrite> writes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            In item = items.get(i);
            Long fieldId = item.id("field_id");
            String fieldCode = item.string("field_code", 64);
            List<FieldWrite.ValueWrite> values = null;
            if (!item.isNull("values")) {
                List<In> vs = item.array("values");
                if (vs == null) {
                    if (!item.has("values")) {
                        item.problem("values", "NotBlank", "Give values, or values: null to clear the field");
                    }
                    continue;
                }
                values = new ArrayList<>();
                for (In v : vs) {
                    values.add(new FieldWrite.ValueWrite(v.scalar("value"), v.id("enum_id"), v.string("enum_code", 64)));
                }
            }
            if (fieldId == null && fieldCode == null && !item.has("field_id") && !item.has("field_code")) {
                item.problem("field_id", "NotBlank", "Give field_id or field_code");
                continue;
            }
            if (fieldId != null || fieldCode != null) {
                writes.add(new FieldWrite(fieldId, fieldCode, values, in.path(field) + "." + i));
            }
        }
        return writes;
    }
}
