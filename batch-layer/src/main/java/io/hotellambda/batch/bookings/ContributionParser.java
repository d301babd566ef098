package io.hotellambda.batch.bookings;

import io.hotellambda.schemas.BookingMetric;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.InvalidEventException;
import io.hotellambda.schemas.PlatformEvent;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * One archived booking row (columns {@code event_id, payload, hour}) to what its event adds
 * ({@link BookingEvents#CONTRIBUTION}), by the same {@link BookingMetric#of} the speed layer
 * counts with. An event that adds nothing (a completed stay, a late payment sent back) still
 * gives a row of zeros under its id, so it is counted among the day's events. A payload the
 * contract no longer accepts gives none: the archiver accepted it, so this does not happen
 * unless the contract changed, and it is counted apart ({@code unreadable}).
 */
final class ContributionParser
        implements FlatMapFunction<Row, Row>
{
    // not serializable: each executor builds its own on first use
    private transient EventCodec codec;

    @Override
    public Iterator<Row> call(Row row)
    {
        if (codec == null) {
            codec = new EventCodec();
        }
        PlatformEvent event;
        try {
            event = codec.decode(row.getString(1).getBytes(StandardCharsets.UTF_8));
        }
        catch (InvalidEventException | NullPointerException e) {
            return List.of(RowFactory.create(row.getString(0), null, row.getInt(2), null, null, true)).iterator();
        }
        Optional<BookingMetric.Contribution> contribution = BookingMetric.of(event);
        long[] values = new long[BookingMetric.values().length];
        contribution.ifPresent(found -> found.values().forEach((metric, value) -> values[metric.ordinal()] = value));
        Long hotelId = contribution.map(BookingMetric.Contribution::hotelId).orElse(null);
        String currency = contribution.map(BookingMetric.Contribution::currency).orElse(null);
        return List.of(RowFactory.create(row.getString(0), hotelId, row.getInt(2), currency, values, false)).iterator();
    }
}
