package io.hotellambda.schemas;

/** An event about one hotel; keyed by hotel id on Kafka. */
public sealed interface HotelEvent
        extends PlatformEvent
        permits HotelViewed, ReservationCreated, ReservationConfirmed, ReservationCancelled,
                ReservationExpired, ReservationCompleted, PaymentFailed, RoomPricesChanged
{
    long hotelId();

    @Override
    default String partitionKey()
    {
        return Long.toString(hotelId());
    }
}
