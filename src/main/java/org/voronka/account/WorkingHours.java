package org.voronka.account;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/** The days and the daily window (in the account's time zone) when the team works. */
public record WorkingHours(Set<DayOfWeek> days, LocalTime starts, LocalTime ends) {

    public static final WorkingHours DEFAULT = new WorkingHours(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0),
            LocalTime.of(18, 0));

    public WorkingHours {
        days = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
    }

    public boolean contains(Instant at, ZoneId zone) {
        ZonedDateTime t = at.atZone(zone);
        LocalTime time = t.toLocalTime();
        return days.contains(t.getDayOfWeek()) && !time.isBefore(starts) && time.isBefore(ends);
    }

    /** {@code at} itself when it is within the hours, else the start of the next working window (at itself if there is none). */
    public Instant nextWindow(Instant at, ZoneId zone) {
        if (contains(at, zone) || days.isEmpty() || !starts.isBefore(ends)) {
            return at;
        }
        ZonedDateTime t = at.atZone(zone);
        for (int i = 0; i <= 7; i++) {
            ZonedDateTime day = t.toLocalDate().plusDays(i).atTime(starts).atZone(zone);
            if (days.contains(day.getDayOfWeek()) && day.toInstant().isAfter(at)) {
                return day.toInstant();
            }
        }
        return at;
    }
}
