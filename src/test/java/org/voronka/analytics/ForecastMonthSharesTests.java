package org.voronka.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A deal's shares of the months, found by comparing instants with the months' first instants,
 * are those of ADR 15's definition (each won duration's day put into its month in the account's
 * zone), to the last bit: around month ends, time-zone changes and zones with odd offsets.
 */
class ForecastMonthSharesTests {

    @Test
    void theSharesAreThoseOfTheMonthInTheZone() {
        SplittableRandom random = new SplittableRandom(5);
        int compared = 0;
        for (String zoneId : List.of("UTC", "Europe/Moscow", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Pacific/Chatham",
                "America/Havana")) {
            ZoneId zone = ZoneId.of(zoneId);
            for (int i = 0; i < 300; i++) {
                // now: at a local midnight, a second either side of one, or any time of a day of the year and a bit
                long[] offsets = {0, -1, 1, random.nextInt(86_400)};
                Instant now = LocalDate.of(2026, 1, 1).plusDays(random.nextInt(400)).atStartOfDay(zone).toInstant()
                        .plusSeconds(offsets[random.nextInt(offsets.length)]);
                TreeMap<Long, Long> durations = new TreeMap<>();
                int kinds = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(60);
                for (int k = 0; k < kinds; k++) {
                    durations.merge((long) random.nextInt(150), 1L + random.nextInt(40), Long::sum);
                }
                long age = random.nextInt(160);
                YearMonth current = YearMonth.from(now.atZone(zone));
                double[] shares = SalesForecast.monthShares(durations, age, now, SalesForecast.monthStarts(current, zone));
                assertThat(shares).as(zoneId + " " + now + " " + age + " " + durations)
                        .isEqualTo(definition(durations, age, now, current, zone));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(2100);
    }

    /** The shares as ADR 15 defines them, each duration's day converted to its month in the zone. */
    private static double[] definition(TreeMap<Long, Long> durations, long age, Instant now, YearMonth current, ZoneId zone) {
        int months = SalesForecast.MONTHS;
        Instant horizon = current.plusMonths(months).atDay(1).atStartOfDay(zone).toInstant();
        double[] share = new double[months];
        if (durations.isEmpty()) {
            double total = Duration.between(now, horizon).toSeconds();
            for (int m = 0; m < months; m++) {
                Instant start = m == 0 ? now : current.plusMonths(m).atDay(1).atStartOfDay(zone).toInstant();
                Instant end = current.plusMonths(m + 1L).atDay(1).atStartOfDay(zone).toInstant();
                share[m] = Duration.between(start, end).toSeconds() / total;
            }
            return share;
        }
        Map<Long, Long> candidates = durations.tailMap(age, true);
        long shift = age;
        if (candidates.isEmpty()) {
            candidates = durations;
            shift = 0;
        }
        long count = 0;
        for (Map.Entry<Long, Long> e : candidates.entrySet()) {
            count += e.getValue();
            Instant at = now.plus(Duration.ofDays(e.getKey() - shift));
            long index = ChronoUnit.MONTHS.between(current, YearMonth.from(at.atZone(zone)));
            if (index >= 0 && index < months) {
                share[(int) index] += e.getValue();
            }
        }
        for (int m = 0; m < months; m++) {
            share[m] /= count;
        }
        return share;
    }
}
