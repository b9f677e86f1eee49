package org.voronka.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.voronka.account.WorkingHours;

/** The working-hours window rules wait for: Friday evening waits for Monday morning, in the account's time zone. */
class WorkingHoursTests {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final WorkingHours WEEKDAYS = WorkingHours.DEFAULT;

    private static Instant at(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), MOSCOW).toInstant();
    }

    @Test
    void withinTheHoursNothingWaits() {
        Instant wednesdayNoon = at("2026-11-25T12:00");
        assertThat(WEEKDAYS.contains(wednesdayNoon, MOSCOW)).isTrue();
        assertThat(WEEKDAYS.nextWindow(wednesdayNoon, MOSCOW)).isEqualTo(wednesdayNoon);
    }

    @Test
    void eveningsWaitForTheNextMorningAndWeekendsForMonday() {
        assertThat(WEEKDAYS.nextWindow(at("2026-11-25T18:00"), MOSCOW)).isEqualTo(at("2026-11-26T09:00"));
        assertThat(WEEKDAYS.nextWindow(at("2026-11-26T07:30"), MOSCOW)).isEqualTo(at("2026-11-26T09:00"));
        assertThat(WEEKDAYS.nextWindow(at("2026-11-27T20:15"), MOSCOW)).isEqualTo(at("2026-11-30T09:00"));
        assertThat(WEEKDAYS.contains(at("2026-11-28T12:00"), MOSCOW)).isFalse();
    }

    @Test
    void theWindowIsInTheAccountsTimeZone() {
        // 06:30 UTC is 09:30 in Moscow
        Instant utc = Instant.parse("2026-11-26T06:30:00Z");
        assertThat(WEEKDAYS.contains(utc, MOSCOW)).isTrue();
        assertThat(WEEKDAYS.contains(utc, ZoneId.of("UTC"))).isFalse();
    }

    @Test
    void withoutWorkingDaysRulesDoNotWaitForever() {
        WorkingHours none = new WorkingHours(EnumSet.noneOf(DayOfWeek.class), LocalTime.of(9, 0), LocalTime.of(18, 0));
        Instant sunday = at("2026-11-29T12:00");
        assertThat(none.nextWindow(sunday, MOSCOW)).isEqualTo(sunday);
    }
}
