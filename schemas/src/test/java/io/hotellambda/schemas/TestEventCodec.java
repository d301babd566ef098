package io.hotellambda.schemas;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestEventCodec
{
    private final EventCodec codec = new EventCodec();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeRoundTripsByteForByte(EventType type)
    {
        byte[] golden = golden(type);

        PlatformEvent event = codec.decode(golden);

        assertThat(event).isInstanceOf(type.eventClass());
        assertThat(EventType.of(event)).isEqualTo(type);
        assertThat(new String(codec.encode(event), StandardCharsets.UTF_8)).isEqualTo(new String(golden, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void outboxFormLeavesReceivedAtOutAndReceivedStampsIt(EventType type)
    {
        PlatformEvent event = codec.decode(golden(type));

        byte[] unreceived = codec.encodeUnreceived(event);

        assertThat(new String(unreceived, StandardCharsets.UTF_8)).doesNotContain("received_at");
        assertThat(codec.decode(codec.received(unreceived, event.receivedAt()))).isEqualTo(event);
        assertThat(codec.decode(codec.received(unreceived, Instant.ofEpochMilli(42))).receivedAt()).isEqualTo(Instant.ofEpochMilli(42));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void anAcceptedEventDecodesTheSameInOnePass(EventType type)
    {
        assertThat(codec.decodeAccepted(type, golden(type))).isEqualTo(codec.decode(golden(type)));
    }

    @Test
    void anAcceptedEventThatNoLongerValidatesIsInvalid()
    {
        String confirmed = new String(golden(EventType.RESERVATION_CONFIRMED), StandardCharsets.UTF_8);
        for (String broken : List.of(confirmed.replace("\"total_cents\":54000", "\"total_cents\":-1"), confirmed.substring(0, 40), "null", "[]")) {
            assertThatThrownBy(() -> codec.decodeAccepted(EventType.RESERVATION_CONFIRMED, broken.getBytes(StandardCharsets.UTF_8)))
                    .as(broken).isInstanceOf(InvalidEventException.class);
        }
    }

    @Test
    void receivedRefusesWhatIsNotAnObject()
    {
        assertThatThrownBy(() -> codec.received(" [1]".getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("JSON object");
        assertThat(new String(codec.received(" { }".getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(7)), StandardCharsets.UTF_8))
                .isEqualTo("{\"received_at\":7 }");
    }

    @Test
    void decodesFieldValues()
    {
        HotelViewed viewed = (HotelViewed) codec.decode(golden(EventType.HOTEL_VIEWED));

        assertThat(viewed).isEqualTo(new HotelViewed(
                UUID.fromString("0b7e7a52-8a64-4a8e-9d1b-6d1c2f1e9a01"),
                Instant.ofEpochMilli(1795392000123L),
                Instant.ofEpochMilli(1795391999870L),
                987,
                "v-3f9a",
                "NL",
                "mobile"));
        assertThat(viewed.partitionKey()).isEqualTo("987");
        assertThat(viewed.schemaVersion()).isEqualTo(1);
    }

    @Test
    void optionalFieldIsLeftOutWhenAbsent()
    {
        HotelViewed viewed = new HotelViewed(UUID.randomUUID(), Instant.ofEpochMilli(5), null, 1, "v", "ZZ", "desktop");

        assertThat(new String(codec.encode(viewed), StandardCharsets.UTF_8)).doesNotContain("occurred_at");
        assertThat(codec.decode(codec.encode(viewed))).isEqualTo(viewed);
    }

    @Test
    void rejectsUnknownType()
    {
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"type\":\"hotel_viewed\"", "\"type\":\"hotel_liked\""),
                "unknown type[hotel_liked]; known types: [hotel_viewed, search_performed");
    }

    @Test
    void rejectsMissingRequiredFieldsNamingTheField()
    {
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"viewer_id\":\"v-3f9a\",", ""), "hotel_viewed: field[viewer_id] is required");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"hotel_id\":987,", ""), "hotel_viewed: field[hotel_id] is required");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"event_id\":\"0b7e7a52-8a64-4a8e-9d1b-6d1c2f1e9a01\",", ""), "hotel_viewed: field[event_id] is required");
        assertRejected(replace(EventType.RESERVATION_CANCELLED, "\"refund_cents\":0,", ""), "reservation_cancelled: field[refund_cents] is required");
        assertRejected(replace(EventType.SEARCH_PERFORMED, "\"schema_version\":1,", ""), "search_performed: field[schema_version] is required");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"type\":\"hotel_viewed\",", ""), "field[type] is required");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"country\":\"NL\"", "\"country\":null"), "hotel_viewed: field[country] is required");
    }

    @Test
    void rejectsInvalidValuesNamingTheField()
    {
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"hotel_id\":987", "\"hotel_id\":-5"), "hotel_viewed: field[hotel_id] must be positive, got -5");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"hotel_id\":987", "\"hotel_id\":\"987\""), "hotel_viewed: field[hotel_id]");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"hotel_id\":987", "\"hotel_id\":9.5"), "hotel_viewed: field[hotel_id]");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"device\":\"mobile\"", "\"device\":\"fridge\""), "hotel_viewed: field[device] must be one of [desktop, mobile, other, tablet]");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"country\":\"NL\"", "\"country\":\"nl\""), "hotel_viewed: field[country] must be an ISO 3166-1 alpha-2 code");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"event_id\":\"0b7e7a52-8a64-4a8e-9d1b-6d1c2f1e9a01\"", "\"event_id\":\"not-a-uuid\""), "hotel_viewed: field[event_id]");
        assertRejected(replace(EventType.RESERVATION_CREATED, "\"check_out\":\"2026-12-21\"", "\"check_out\":\"2026-12-18\""), "reservation_created: field[check_out] 2026-12-18 must be after check_in 2026-12-18");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"schema_version\":1", "\"schema_version\":2"), "hotel_viewed: schema_version[2] is not supported; this reader knows 1 to 1");
    }

    @Test
    void rejectsMalformedJson()
    {
        assertRejected("{\"type\":".getBytes(StandardCharsets.UTF_8), "malformed JSON");
        assertRejected("[1,2]".getBytes(StandardCharsets.UTF_8), "an event must be a JSON object");
        assertRejected(new byte[0], "an event must be a JSON object");
    }

    @Test
    void checksOnlyTopLevelFieldsAndTheLastOfARepeatedOne()
    {
        byte[] nested = replace(EventType.HOTEL_VIEWED, "\"device\":\"mobile\"",
                "\"device\":\"mobile\",\"context\":{\"type\":\"hotel_liked\",\"schema_version\":9,\"list\":[{\"type\":1}]}");
        assertThat(codec.decode(nested)).isEqualTo(codec.decode(golden(EventType.HOTEL_VIEWED)));
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"country\":\"NL\"", "\"country\":\"NL\",\"country\":null"),
                "hotel_viewed: field[country] is required");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"type\":\"hotel_viewed\"", "\"type\":[\"hotel_viewed\"]"),
                "field[type] is required");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"device\":\"mobile\"", "\"device\":\"mobile\",\"x\":[1,}"),
                "malformed JSON");
    }

    @Test
    void aSchemaVersionMustBeAnIntegerInRange()
    {
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"schema_version\":1", "\"schema_version\":\"1\""),
                "hotel_viewed: schema_version[\"1\"] is not supported");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"schema_version\":1", "\"schema_version\":1.0"),
                "hotel_viewed: schema_version[1.0] is not supported");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"schema_version\":1", "\"schema_version\":18446744073709551617"),
                "hotel_viewed: schema_version[18446744073709551617] is not supported");
        assertRejected(replace(EventType.HOTEL_VIEWED, "\"schema_version\":1", "\"schema_version\":0"),
                "hotel_viewed: schema_version[0] is not supported");
    }

    @Test
    void ignoresUnknownFieldsFromNewerWriters()
    {
        byte[] withExtra = replace(EventType.HOTEL_VIEWED, "\"device\":\"mobile\"", "\"device\":\"mobile\",\"app_version\":\"9.1\"");

        assertThat(codec.decode(withExtra)).isEqualTo(codec.decode(golden(EventType.HOTEL_VIEWED)));
    }

    @Test
    void routesEachTypeToItsTopic()
    {
        assertThat(EventType.HOTEL_VIEWED.topic()).isEqualTo("hotel_view_events");
        assertThat(EventType.SEARCH_PERFORMED.topic()).isEqualTo("search_events");
        assertThat(EventType.PAYMENT_FAILED.topic()).isEqualTo("booking_events");
        assertThat(codec.decode(golden(EventType.SEARCH_PERFORMED)).partitionKey()).isEqualTo("amsterdam");
    }

    private void assertRejected(byte[] json, String message)
    {
        assertThatThrownBy(() -> codec.decode(json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(message);
    }

    private static byte[] replace(EventType type, String target, String replacement)
    {
        String json = new String(golden(type), StandardCharsets.UTF_8);
        assertThat(json).contains(target);
        return json.replace(target, replacement).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] golden(EventType type)
    {
        try (InputStream in = TestEventCodec.class.getResourceAsStream("/events/%s.json".formatted(type.typeName()))) {
            assertThat(in).as("golden file for %s", type.typeName()).isNotNull();
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
