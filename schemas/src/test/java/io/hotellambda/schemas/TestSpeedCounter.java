package io.hotellambda.schemas;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TestSpeedCounter
{
    @Test
    void bucketNamesAreTheUtcHourAndDayAsTheFormatterWritesThem()
    {
        DateTimeFormatter hour = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);
        DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
        Random random = new Random(7);
        long from = Instant.parse("1999-12-31T23:00:00Z").getEpochSecond();
        long to = Instant.parse("2101-01-01T01:00:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant time = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)), random.nextInt(1_000_000_000));
            assertThat(SpeedCounter.Bucket.HOUR.of(time)).as(time.toString()).isEqualTo(hour.format(time));
            assertThat(SpeedCounter.Bucket.DAY.of(time)).as(time.toString()).isEqualTo(day.format(time));
        }
        assertThat(SpeedCounter.Bucket.HOUR.of(Instant.parse("2026-11-23T23:59:59.999Z"))).isEqualTo("2026112323");
        assertThat(SpeedCounter.Bucket.HOUR.of(Instant.parse("2026-11-24T00:00:00Z"))).isEqualTo("2026112400");
    }

    @Test
    void keysCarryTheHotelAsTheirHashTag()
    {
        Instant time = Instant.parse("2026-11-23T14:05:00Z");
        assertThat(SpeedCounter.VIEWS.key(987, time)).isEqualTo("v:{987}:2026112314");
        assertThat(SpeedCounter.DAILY_VIEWS.key(987, time)).isEqualTo("vv:{987}:20261123");
        assertThat(SpeedCounter.VIEWS_BY_COUNTRY.key(987, time)).isEqualTo("vc:{987}:20261123");
    }
}
