package io.hotellambda.serving.speed;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class TestDayCounters
{
    @Test
    void sumsEachHotelsDaysAndAnswersZeroForDaysWithNoCounters()
    {
        DayCounters counters = new DayCounters(2, 3, 20261120);
        counters.put(1, 20261121, 5);
        counters.put(1, 20261122, 7);
        counters.put(2, 20261122, 11);
        counters.put(1, 20261122, 8);

        assertThat(counters.views(new long[] {1, 2, 3}, new int[] {20261121, 20261122})).containsExactly(13, 11, 0);
        assertThat(counters.views(new long[] {1, 2}, new int[] {20261120, 20261123})).as("days held, with no counters").containsExactly(0, 0);
        assertThat(counters.views(new long[] {1}, new int[] {20261119, 20261122})).as("a day before those held").isNull();
        counters.put(1, 20261119, 100);
        assertThat(counters.views(new long[] {1}, new int[] {20261120, 20261122})).as("a day before those held is not taken in").containsExactly(8);
    }

    @Test
    void aForgottenDaysColumnIsClearedForTheNextDayAndMoreDaysOrHotelsThanItWasSizedForAreHeld()
    {
        DayCounters counters = new DayCounters(1, 2, 20261120);
        counters.put(1, 20261120, 3);
        counters.put(1, 20261121, 4);
        counters.forgetBefore(20261121);
        assertThat(counters.views(new long[] {1}, new int[] {20261120})).isNull();

        counters.put(2, 20261122, 9);
        assertThat(counters.views(new long[] {1, 2}, new int[] {20261122})).as("the column taken for a new day holds nothing of the old one").containsExactly(0, 9);
        assertThat(counters.views(new long[] {1, 2}, new int[] {20261121})).containsExactly(4, 0);

        // a third day held at once, and hotels past the first table's room
        LongStream.rangeClosed(3, 500).forEach(hotel -> counters.put(hotel, 20261123, hotel));
        assertThat(counters.size()).isEqualTo(500);
        assertThat(counters.views(new long[] {1, 2, 500}, new int[] {20261121, 20261122, 20261123})).containsExactly(4, 9, 500);
    }

    /**
     * A writer moves through the days, forgetting the oldest and writing every hotel's counter of
     * the next (a value that names its day), while readers ask for days: an answer is null, or
     * each hotel's counter of that day or 0 (not written yet), never a value left from the day
     * whose column it took.
     */
    @Test
    void aReadOverlappingAColumnTakenForANewDayAnswersNothingRatherThanMixedDays()
            throws Exception
    {
        int first = 1;
        DayCounters counters = new DayCounters(64, 3, first);
        long[] hotels = LongStream.rangeClosed(1, 64).toArray();
        AtomicInteger newest = new AtomicInteger(first);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<String> wrong = new AtomicReference<>();
        AtomicInteger answered = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread reader = new Thread(() -> {
                while (running.get() && wrong.get() == null) {
                    int day = newest.get();
                    long[] views = counters.views(hotels, new int[] {day});
                    if (views == null) {
                        continue;
                    }
                    answered.incrementAndGet();
                    for (int i = 0; i < views.length; i++) {
                        long expected = day * 1000L + hotels[i];
                        if (views[i] != 0 && views[i] != expected) {
                            wrong.set("day %s, hotel %s: %s".formatted(day, hotels[i], views[i]));
                        }
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        for (int day = first; day < first + 20_000 && wrong.get() == null; day++) {
            counters.forgetBefore(day - 1);
            newest.set(day);
            for (long hotel : hotels) {
                counters.put(hotel, day, day * 1000L + hotel);
            }
        }
        running.set(false);
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(wrong.get()).isNull();
        assertThat(answered.get()).isPositive();
    }
}
