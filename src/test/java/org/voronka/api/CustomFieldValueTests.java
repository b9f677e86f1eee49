package org.voronka.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.voronka.api.ContactApiTests.field;
import static org.voronka.api.ContactApiTests.paths;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.FieldValues;
import org.voronka.customfield.NewField;
import org.voronka.support.ApiClient.Response;
import org.voronka.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** Field types beyond phone and e-mail, defined through the facade until fields have their own API. */
class CustomFieldValueTests extends ApiTest {

    @Autowired
    FieldValues fields;

    @Test
    void eachFieldTypeTakesItsKindOfValue() {
        var account = newAccount();
        CustomField source = tx.execute(s -> fields.define(account.accountId(), "companies", new NewField("Источник", null, "select", 10,
                false, List.of(new NewField.Option("Сайт", "site"), new NewField.Option("Звонок", "call")))));
        CustomField vip = tx.execute(s -> fields.define(account.accountId(), "companies", new NewField("VIP", null, "checkbox", 11, false, List.of())));
        CustomField staff = tx.execute(s -> fields.define(account.accountId(), "companies", new NewField("Staff", null, "numeric", 12, false, List.of())));
        CustomField since = tx.execute(s -> fields.define(account.accountId(), "companies", new NewField("Since", "SINCE", "date", 13, false, List.of())));
        long callOption = source.enums().get(1).id();

        Response created = account.api().post("/api/v4/companies", """
                [{"name": "Typed", "custom_fields_values": [
                   {"field_id": %d, "values": [{"value": "сайт"}]},
                   {"field_id": %d, "values": [{"value": true}]},
                   {"field_id": %d, "values": [{"value": "12.5"}]},
                   {"field_code": "since", "values": [{"value": "2024-01-02T00:00:00+00:00"}]}]}]"""
                .formatted(source.id(), vip.id(), staff.id()));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        long id = created.json().at("/_embedded/companies/0/id").asLong();
        JsonNode c = account.api().get("/api/v4/companies/" + id).json();
        JsonNode values = c.get("custom_fields_values");
        assertThat(values.size()).isEqualTo(4);
        assertThat(values.get(0).get("field_id").asLong()).isEqualTo(source.id());
        assertThat(values.get(0).get("field_type").asString()).isEqualTo("select");
        assertThat(values.get(0).at("/values/0/value").asString()).isEqualTo("Сайт");
        assertThat(values.get(0).at("/values/0/enum_code").asString()).isEqualTo("site");
        assertThat(values.get(1).at("/values/0/value").asBoolean()).isTrue();
        assertThat(values.get(1).at("/values/0").has("enum_id")).isFalse();
        assertThat(values.get(2).at("/values/0/value").asString()).isEqualTo("12.5");
        assertThat(field(c, "SINCE").at("/values/0/value").asLong()).isEqualTo(1704153600L);

        Response byEnum = account.api().patch("/api/v4/companies/" + id, """
                {"custom_fields_values": [{"field_id": %d, "values": [{"enum_id": %d}]}]}""".formatted(source.id(), callOption));
        assertThat(byEnum.status()).isEqualTo(200);
        assertThat(account.api().get("/api/v4/companies/" + id).json().at("/custom_fields_values/0/values/0/value").asString())
                .isEqualTo("Звонок");

        Response wrong = account.api().patch("/api/v4/companies/" + id, """
                {"custom_fields_values": [
                   {"field_id": %d, "values": [{"value": "Почта"}]},
                   {"field_id": %d, "values": [{"value": "yes"}]},
                   {"field_id": %d, "values": [{"value": "many"}]},
                   {"field_id": %d, "values": [{"value": "yesterday"}]},
                   {"field_id": %d, "values": [{"enum_code": "site"}, {"enum_code": "call"}]}]}"""
                .formatted(source.id(), vip.id(), staff.id(), since.id(), source.id()));
        assertThat(paths(wrong)).containsExactly("custom_fields_values.0.values.0.value", "custom_fields_values.1.values.0.value",
                "custom_fields_values.2.values.0.value", "custom_fields_values.3.values.0.value", "custom_fields_values.4.field_id");
        Response twoForOne = account.api().patch("/api/v4/companies/" + id, """
                {"custom_fields_values": [{"field_id": %d, "values": [{"enum_code": "site"}, {"enum_code": "call"}]}]}""".formatted(source.id()));
        assertThat(paths(twoForOne)).containsExactly("custom_fields_values.0.values");
        assertThat(account.api().get("/api/v4/companies/" + id).json().at("/custom_fields_values/0/values/0/value").asString())
                .isEqualTo("Звонок");
    }
}
