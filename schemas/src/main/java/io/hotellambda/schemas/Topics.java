package io.hotellambda.schemas;

import java.util.List;

/** Kafka topic names, and how each is created. Keys are hotel ids (see {@link PlatformEvent#partitionKey()}). */
public final class Topics
{
    public static final String HOTEL_VIEW_EVENTS = "hotel_view_events";
    public static final String SEARCH_EVENTS = "search_events";
    public static final String BOOKING_EVENTS = "booking_events";
    /** Records that failed to parse or validate downstream, with the reason and the original bytes. */
    public static final String DEAD_LETTER = "dead_letter";

    public static final List<String> ALL = List.of(HOTEL_VIEW_EVENTS, SEARCH_EVENTS, BOOKING_EVENTS, DEAD_LETTER);

    /** Six partitions: room for six parallel consumers per topic, small enough for one laptop. */
    public static final int DEFAULT_PARTITIONS = 6;

    private Topics() {}
}
