package io.hotellambda.schemas;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import static java.util.function.Function.identity;
import static java.util.stream.Collectors.toUnmodifiableMap;

/** The JSON {@code type} names, their record classes, schema versions and topics: one table. */
public enum EventType
{
    HOTEL_VIEWED("hotel_viewed", HotelViewed.class, Topics.HOTEL_VIEW_EVENTS),
    SEARCH_PERFORMED("search_performed", SearchPerformed.class, Topics.SEARCH_EVENTS),
    RESERVATION_CREATED("reservation_created", ReservationCreated.class, Topics.BOOKING_EVENTS),
    RESERVATION_CONFIRMED("reservation_confirmed", ReservationConfirmed.class, Topics.BOOKING_EVENTS),
    RESERVATION_CANCELLED("reservation_cancelled", ReservationCancelled.class, Topics.BOOKING_EVENTS),
    RESERVATION_EXPIRED("reservation_expired", ReservationExpired.class, Topics.BOOKING_EVENTS),
    RESERVATION_COMPLETED("reservation_completed", ReservationCompleted.class, Topics.BOOKING_EVENTS),
    PAYMENT_FAILED("payment_failed", PaymentFailed.class, Topics.BOOKING_EVENTS),
    ROOM_PRICES_CHANGED("room_prices_changed", RoomPricesChanged.class, Topics.BOOKING_EVENTS);

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values()).collect(toUnmodifiableMap(EventType::typeName, identity()));
    private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values()).collect(toUnmodifiableMap(EventType::eventClass, identity()));

    private final String typeName;
    private final Class<? extends PlatformEvent> eventClass;
    private final String topic;

    EventType(String typeName, Class<? extends PlatformEvent> eventClass, String topic)
    {
        this.typeName = typeName;
        this.eventClass = eventClass;
        this.topic = topic;
    }

    public String typeName()
    {
        return typeName;
    }

    public Class<? extends PlatformEvent> eventClass()
    {
        return eventClass;
    }

    public String topic()
    {
        return topic;
    }

    /** Bumped on an incompatible change; readers reject versions newer than they know. */
    public int schemaVersion()
    {
        return 1;
    }

    public static Optional<EventType> fromName(String typeName)
    {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }

    public static EventType of(PlatformEvent event)
    {
        return BY_CLASS.get(event.getClass());
    }
}
