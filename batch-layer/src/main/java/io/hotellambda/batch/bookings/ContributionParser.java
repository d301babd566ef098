package io.hotellambda.batch.bookings;

import io.hotellambda.schemas.BookingMetric;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.EventType;
import io.hotellambda.schemas.InvalidEventException;
import io.hotellambda.schemas.PlatformEvent;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * One archived booking row (columns: the event id's two halves, {@code payload} as its UTF-8 bytes, {@code hour}, {@code event_type}) to what its event adds
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
        int metrics = BookingMetric.values().length;
        Object[] values = new Object[6 + metrics];
        values[0] = row.getLong(0);
        values[1] = row.getLong(1);
        values[3] = row.getInt(3);
        PlatformEvent event;
        try {
            // the archiver decoded it to fill event_type: bind it in one pass
            event = codec.decodeAccepted(EventType.fromName(row.getString(4)).orElseThrow(() -> new InvalidEventException("unknown event type")),
                    (byte[]) row.get(2));
        }
        catch (InvalidEventException | NullPointerException e) {
            Arrays.fill(values, 5, 5 + metrics, 0L);
            values[5 + metrics] = true;
            return List.of(RowFactory.create(values)).iterator();
        }
        Optional<BookingMetric.Contribution> contribution = BookingMetric.of(event);
        for (BookingMetric metric : BookingMetric.values()) {
            values[5 + metric.ordinal()] = contribution.map(found -> found.get(metric)).orElse(0L);
        }
        values[2] = contribution.map(BookingMetric.Contribution::hotelId).orElse(null);
        values[4] = contribution.map(found -> BookingEvents.packCurrency(found.currency())).orElse(null);
        values[5 + metrics] = false;
        return List.of(RowFactory.create(values)).iterator();
    }
}
