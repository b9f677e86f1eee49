package org.voronka.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Component;

/**
 * Task deadlines as the UI offers them: "end of day" presets (today, tomorrow, in a week: 23:59 in
 * the account's time zone) or an exact time from a datetime-local input.
 */
@Component
class Deadlines {

    static final LocalTime END_OF_DAY = LocalTime.of(23, 59);

    private final Clock clock;

    Deadlines(Clock clock) {
        this.clock = clock;
    }

    /** The deadline, or null when neither a known preset nor a valid exact time was given. */
    Instant parse(String preset, String exact, ZoneId zone) {
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        String p = preset == null ? "" : preset.trim();
        switch (p) {
            case "today" -> {
                return today.atTime(END_OF_DAY).atZone(zone).toInstant();
            }
            case "tomorrow" -> {
                return today.plusDays(1).atTime(END_OF_DAY).atZone(zone).toInstant();
            }
            case "week" -> {
                return today.plusDays(7).atTime(END_OF_DAY).atZone(zone).toInstant();
            }
            case "exact", "" -> {
                if (exact == null || exact.isBlank() || exact.length() > 40) {
                    return null;
                }
                try {
                    LocalDateTime at = LocalDateTime.parse(exact.trim());
                    if (at.getYear() < 2000 || at.getYear() > 2999) {
                        return null;
                    }
                    return at.atZone(zone).toInstant();
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
            default -> {
                return null;
            }
        }
    }
}
