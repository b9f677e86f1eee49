package org.voronka.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voronka.deal.DealQuery;

/** The list's filter as URL parameters: parsing, ignoring what does not parse, and writing it back. */
class ListFilterTests {

    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    @Test
    void parsesAndWritesBackTheSameFilter() {
        ListFilter f = ListFilter.of(Map.of("stage", new String[] {"3-142", "bad"}, "resp", new String[] {"7", "x"},
                "priceFrom", new String[] {"1 000,5"}, "tag", new String[] {"5", "6"}, "tagMode", new String[] {"all"},
                "created", new String[] {"custom"}, "createdFrom", new String[] {"2026-01-02"}, "tasks", new String[] {"overdue"},
                "q", new String[] {" a&b=c + d "}));
        assertThat(f.stages()).containsExactly("3-142");
        assertThat(f.responsible()).containsExactly(7L);
        assertThat(f.priceFrom()).isEqualByComparingTo(new BigDecimal("1000.5"));
        assertThat(f.count()).isEqualTo(6);
        ListFilter back = ListFilter.of(ListFilter.parameters(f.queryString()));
        assertThat(back).isEqualTo(f);
        assertThat(back.q()).isEqualTo("a&b=c + d");

        Instant now = Instant.parse("2026-03-10T12:00:00Z");
        DealQuery q = f.query(1, List.of(), MOSCOW, now, DealQuery.all(1).order(), 50, null);
        assertThat(q.tags().all()).containsExactly(5L, 6L);
        assertThat(q.createdAt().from()).isEqualTo(Instant.parse("2026-01-01T21:00:00Z"));
        assertThat(q.createdAt().to()).isNull();
        assertThat(q.closestTaskAt().to()).isEqualTo(now);
    }

    @Test
    void customFieldConditionsGoIntoTheAddressAndDatesBecomeWholeDays() {
        ListFilter f = ListFilter.of(Map.of("cf12", new String[] {"5", "7"}, "cf30From", new String[] {"2026-03-01"},
                "cf30To", new String[] {"2026-03-31"}, "cf40From", new String[] {"1 000,5"}, "cf50To", new String[] {"лишнее"}));
        assertThat(f.fields()).containsOnlyKeys(12L, 30L, 40L);
        assertThat(f.count()).isEqualTo(3);
        assertThat(ListFilter.of(ListFilter.parameters(f.queryString()))).isEqualTo(f);
        var filters = f.fieldFilters(MOSCOW);
        assertThat(filters).extracting(org.voronka.customfield.FieldFilter::fieldId).containsExactly(12L, 30L, 40L);
        assertThat(filters.get(0).values()).containsExactly("5", "7");
        assertThat(filters.get(1).from()).isEqualTo(Long.toString(Instant.parse("2026-02-28T21:00:00Z").getEpochSecond()));
        assertThat(filters.get(1).to()).isEqualTo(Long.toString(Instant.parse("2026-03-31T20:59:59Z").getEpochSecond()));
        assertThat(filters.get(2).from()).isEqualTo("1000.5");
    }

    @Test
    void contactAndCompanyConditionsGoIntoTheAddressApartFromTheDealsOwn() {
        ListFilter f = ListFilter.of(Map.of("contact.cf12", new String[] {"5"}, "contact.cf13", new String[] {"+7 999"},
                "contact.cf30From", new String[] {"2026-03-01"}, "contact.name", new String[] {" Иван "},
                "company.cf12", new String[] {"9"}, "company.cf40To", new String[] {"лишнее"}, "cf12", new String[] {"1"},
                "contactcf14", new String[] {"1"}));
        assertThat(f.fields()).containsOnlyKeys(12L);
        assertThat(f.contact().name()).isEqualTo("Иван");
        assertThat(f.contact().fields()).containsOnlyKeys(12L, 13L, 30L);
        assertThat(f.company().fields()).containsOnlyKeys(12L);
        assertThat(f.count()).isEqualTo(6);
        assertThat(ListFilter.of(ListFilter.parameters(f.queryString()))).isEqualTo(f);
        // a board column's "all matching deals" keeps them
        assertThat(f.inStage(3, 4).contact()).isEqualTo(f.contact());

        DealQuery q = f.query(1, List.of(), MOSCOW, Instant.parse("2026-03-10T12:00:00Z"), DealQuery.all(1).order(), 50, null);
        assertThat(q.fieldFilters()).extracting(org.voronka.customfield.FieldFilter::contains).containsExactly(false);
        assertThat(q.parties().contact().name()).isEqualTo("Иван");
        assertThat(q.parties().contact().fields()).allMatch(org.voronka.customfield.FieldFilter::contains);
        assertThat(q.parties().contact().fields().get(2).from())
                .isEqualTo(Long.toString(Instant.parse("2026-02-28T21:00:00Z").getEpochSecond()));
        assertThat(q.parties().company().fields()).extracting(org.voronka.customfield.FieldFilter::values)
                .containsExactly(List.of("9"));
        assertThat(q.keepsWholePipeline(3)).isFalse();
    }

    @Test
    void handEditedValuesAreIgnored() {
        ListFilter f = ListFilter.of(Map.of("preset", new String[] {"everything"}, "created", new String[] {"someday"},
                "priceTo", new String[] {"cheap"}, "tasks", new String[] {"never"}, "createdFrom", new String[] {"2026-13-45"}));
        assertThat(f.isEmpty()).isTrue();
        assertThat(f.queryString()).isEmpty();
    }

    @Test
    void presetsNarrowToMyOpenAndTasklessDeals() {
        Instant now = Instant.parse("2026-03-10T12:00:00Z");
        DealQuery my = ListFilter.of(Map.of("preset", new String[] {"my"})).query(42, List.of(), MOSCOW, now,
                DealQuery.all(1).order(), 50, null);
        assertThat(my.responsibleUserIds()).containsExactly(42L);
        DealQuery none = ListFilter.of(Map.of("preset", new String[] {"notasks"})).query(42, List.of(), MOSCOW, now,
                DealQuery.all(1).order(), 50, null);
        assertThat(none.withoutOpenTasks()).isTrue();
        DealQuery won = ListFilter.of(Map.of("preset", new String[] {"won"})).query(42, List.of(), MOSCOW, now,
                DealQuery.all(1).order(), 50, null);
        assertThat(won.stages()).isNotEmpty(); // no pipelines: a condition nothing matches, never "all deals"
    }
}
