package io.hotellambda.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.UUID;

/**
 * Every event the platform accepts. The JSON {@code type} name (see {@link EventType}) and the
 * field names are the Kafka contract; {@code docs/events.md} shows each one.
 * <p>
 * {@code received_at} is the server clock when the platform accepted the event: the one time axis
 * that counting, archiving, bucketing and stitching use. {@code occurred_at} is the client's claim
 * and is informational only.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonPropertyOrder({"event_id", "schema_version", "received_at", "occurred_at", "hotel_id"})
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = "schema_version", allowGetters = true)
public sealed interface PlatformEvent
        permits HotelEvent, SearchPerformed
{
    UUID eventId();

    Instant receivedAt();

    /** The client's clock, when it sent one; never used for counting. */
    Instant occurredAt();

    @JsonProperty("schema_version")
    default int schemaVersion()
    {
        return EventType.of(this).schemaVersion();
    }

    /** The Kafka record key: events of one hotel stay in order on one partition. */
    @JsonIgnore
    String partitionKey();
}
