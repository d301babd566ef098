package io.hotellambda.serving.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.serving.views.MergedViews.ViewCounts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TestQueryAnswer
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesEveryHotelsCountsWithWatermarkAndDegradedOnce()
            throws Exception
    {
        ViewCounts counts = new ViewCounts(Instant.parse("2026-11-22T00:00:00Z"), false,
                new long[] {7, 1, Long.MAX_VALUE}, new long[] {0, 10_342, 1}, new long[] {9, 1_000_000_000_000L, 0});

        assertThat(text(counts)).isEqualTo("{\"watermark\":\"2026-11-22T00:00:00Z\",\"degraded\":false,\"views\":["
                + "{\"hotel_id\":7,\"view_count\":9,\"batch_count\":0,\"speed_count\":9},"
                + "{\"hotel_id\":1,\"view_count\":1000000010342,\"batch_count\":10342,\"speed_count\":1000000000000},"
                + "{\"hotel_id\":9223372036854775807,\"view_count\":1,\"batch_count\":1,\"speed_count\":0}]}");
    }

    @Test
    void aDegradedAnswerBeforeTheFirstWatermarkHasNullsWhereItKnowsNothing()
            throws Exception
    {
        assertThat(text(new ViewCounts(null, true, new long[] {3}, new long[] {5}, null)))
                .isEqualTo("{\"watermark\":null,\"degraded\":true,\"views\":[{\"hotel_id\":3,\"view_count\":5,\"batch_count\":5,\"speed_count\":null}]}");
    }

    @Test
    void numbersOfEveryLengthReadBackAsWritten()
            throws Exception
    {
        Random random = new Random(20261201);
        int hotels = 1000;
        long[] ids = new long[hotels];
        long[] batch = new long[hotels];
        long[] speed = new long[hotels];
        for (int i = 0; i < hotels; i++) {
            // from one digit to 18, so every length is written, over several chunks
            ids[i] = 1 + (random.nextLong() >>> (2 + i % 60));
            batch[i] = random.nextLong() >>> (2 + i % 62);
            speed[i] = random.nextLong() >>> (2 + (i * 7) % 62);
        }
        JsonNode answer = JSON.readTree(text(new ViewCounts(Instant.parse("2026-11-22T00:00:00Z"), false, ids, batch, speed)));
        assertThat(answer.get("views")).hasSize(hotels);
        for (int i = 0; i < hotels; i++) {
            JsonNode hotel = answer.get("views").get(i);
            assertThat(hotel.get("hotel_id").asLong()).isEqualTo(ids[i]);
            assertThat(hotel.get("batch_count").asLong()).isEqualTo(batch[i]);
            assertThat(hotel.get("speed_count").asLong()).isEqualTo(speed[i]);
            assertThat(hotel.get("view_count").asLong()).isEqualTo(batch[i] + speed[i]);
        }
    }

    @Test
    void numbersAtEveryPowerOfTenAndAroundTheIntRangeAreWrittenExactly()
            throws Exception
    {
        List<Long> values = new ArrayList<>(List.of(0L, (long) Integer.MAX_VALUE - 1, (long) Integer.MAX_VALUE, (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE));
        for (long power = 1; power <= 1_000_000_000_000_000_000L; power *= 10) {
            values.addAll(List.of(power - 1, power, power + 1));
        }
        long[] ids = values.stream().mapToLong(value -> value + 1 == Long.MIN_VALUE ? value : value + 1).toArray();
        long[] batch = values.stream().mapToLong(Long::longValue).toArray();
        long[] speed = new long[batch.length];
        JsonNode answer = JSON.readTree(text(new ViewCounts(null, false, ids, batch, speed)));
        for (int i = 0; i < batch.length; i++) {
            assertThat(answer.get("views").get(i).get("hotel_id").asText()).isEqualTo(Long.toString(ids[i]));
            assertThat(answer.get("views").get(i).get("batch_count").asText()).isEqualTo(Long.toString(batch[i]));
        }
    }

    private static String text(ViewCounts counts)
            throws IOException
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryAnswer.write(counts, out);
        return out.toString(StandardCharsets.US_ASCII);
    }
}
