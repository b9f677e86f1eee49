package org.voronka.deal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * Ready date ranges of the filters, in the account's time zone: a range from the start of the
 * first day to the last instant of the last day.
 */
public enum Period {
    TODAY, YESTERDAY, THIS_WEEK, THIS_MONTH, THIS_QUARTER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Period> of(String code) {
        for (Period p : values()) {
            if (p.code().equalsIgnoreCase(code)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public DealQuery.Range range(ZoneId zone, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        return switch (this) {
            case TODAY -> days(today, today, zone);
            case YESTERDAY -> days(today.minusDays(1), today.minusDays(1), zone);
            case THIS_WEEK -> days(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                    today.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY)), zone);
            case THIS_MONTH -> days(today.withDayOfMonth(1), today.with(TemporalAdjusters.lastDayOfMonth()), zone);
            case THIS_QUARTER -> {
                LocalDate first = today.withMonth((today.getMonthValue() - 1) / 3 * 3 + 1).withDayOfMonth(1);
                yield days(first, first.plusMonths(3).minusDays(1), zone);
            }
        };
    }

    /** From the start of {@code from} to the last instant of {@code to} (either may be null: open). */
    public static DealQuery.Range days(LocalDate from, LocalDate to, ZoneId zone) {
        return new DealQuery.Range(from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1000));
    }
}
