package io.hotellambda.speed;

import io.hotellambda.schemas.BookingMetric;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.EventType;
import io.hotellambda.schemas.HotelEvent;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.InvalidEventException;
import io.hotellambda.schemas.PlatformEvent;
import io.hotellambda.schemas.SearchPerformed;
import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.schemas.Topics;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * A Spark UDF that parses one Kafka record value with the {@code schemas} contract: the same
 * {@link EventCodec} the producers use, so the speed layer accepts exactly what the contract
 * accepts. It never throws: a record that fails carries the reason in {@code error} and goes to
 * {@code dead_letter}.
 */
final class EventParser
        implements UDF2<byte[], String, Row>
{
    static final StructType SCHEMA = new StructType()
            .add("event_id", DataTypes.StringType)
            .add("type", DataTypes.StringType)
            .add("received_at", DataTypes.TimestampType)
            .add("hotel_id", DataTypes.LongType)
            .add("viewer_id", DataTypes.StringType)
            .add("country", DataTypes.StringType)
            .add("device", DataTypes.StringType)
            .add("booking", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
            .add("error", DataTypes.StringType)
            .add("city", DataTypes.StringType)
            .add("check_in", DataTypes.StringType)
            .add("nights", DataTypes.IntegerType)
            .add("sold_out", DataTypes.BooleanType)
            .add("first_page", DataTypes.BooleanType);

    // ObjectMapper is not serializable: each executor builds its own on first use
    private transient EventCodec codec;

    @Override
    public Row call(byte[] value, String topic)
    {
        if (value == null) {
            return failure("record has no value (a tombstone)");
        }
        if (codec == null) {
            codec = new EventCodec();
        }
        PlatformEvent event;
        try {
            event = codec.decode(value);
        }
        catch (InvalidEventException e) {
            return failure(e.getMessage());
        }
        EventType type = EventType.of(event);
        if (!type.topic().equals(topic)) {
            return failure("type[%s] belongs on topic[%s], not [%s]".formatted(type.typeName(), type.topic(), topic));
        }
        if (event instanceof SearchPerformed search) {
            return RowFactory.create(event.eventId().toString(), type.typeName(), Timestamp.from(event.receivedAt()), null, null, null, null, null, null,
                    SearchPerformed.cityKey(search.city()), search.dated() ? search.checkIn().toString() : null,
                    search.dated() ? (int) ChronoUnit.DAYS.between(search.checkIn(), search.checkOut()) : 0, search.soldOut(), search.firstPage());
        }
        HotelEvent hotelEvent = (HotelEvent) event;
        String viewer = null;
        String country = null;
        String device = null;
        if (event instanceof HotelViewed viewed) {
            viewer = viewed.viewerId();
            country = viewed.country();
            device = viewed.device();
        }
        // a booking event's numbers, as the Redis fields they add to; empty for one that counts nothing
        Map<String, Long> booking = null;
        if (type.topic().equals(Topics.BOOKING_EVENTS)) {
            Map<String, Long> fields = new HashMap<>();
            BookingMetric.of(event).ifPresent(contribution -> contribution.values()
                    .forEach((metric, amount) -> fields.put(SpeedCounter.bookingField(metric, contribution.currency()), amount)));
            booking = fields;
        }
        return RowFactory.create(event.eventId().toString(), type.typeName(), Timestamp.from(event.receivedAt()),
                hotelEvent.hotelId(), viewer, country, device, booking, null, null, null, null, null, null);
    }

    private static Row failure(String reason)
    {
        return RowFactory.create(null, null, null, null, null, null, null, null, reason, null, null, null, null, null);
    }
}
