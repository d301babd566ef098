package io.hotellambda.schemas;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Events to and from their JSON form: snake_case names, instants as epoch milliseconds, dates as
 * ISO strings, absent optional fields left out. Thread-safe; build one and share it.
 * <p>
 * Decoding checks the contract before binding, so every rejection names what is wrong: an unknown
 * {@code type}, an unsupported {@code schema_version}, a missing required field, or a field value
 * the record refuses. Unknown extra fields are ignored so that a newer writer can add fields.
 */
public final class EventCodec
{
    private static final String RECEIVED_AT = "received_at";

    private final ObjectMapper mapper = newMapper();
    private final ObjectMapper unreceivedMapper = newMapper();
    private final Map<EventType, List<String>> requiredFields = new EnumMap<>(EventType.class);
    // one reader per type, built once: treeToValue(tree, Class) resolves the type on every call
    private final Map<EventType, ObjectReader> readers = new EnumMap<>(EventType.class);

    public EventCodec()
    {
        for (EventType type : EventType.values()) {
            mapper.registerSubtypes(new NamedType(type.eventClass(), type.typeName()));
            requiredFields.put(type, Arrays.stream(type.eventClass().getRecordComponents())
                    .filter(component -> !component.isAnnotationPresent(OptionalField.class))
                    .map(component -> PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(component.getName()))
                    .toList());
        }
        for (EventType type : EventType.values()) {
            readers.put(type, mapper.readerFor(type.eventClass()));
            unreceivedMapper.registerSubtypes(new NamedType(type.eventClass(), type.typeName()));
            unreceivedMapper.addMixIn(type.eventClass(), WithoutReceivedAt.class);
        }
    }

    /** Leaves {@code received_at} out when an event is written for an outbox. */
    @JsonIgnoreProperties(RECEIVED_AT)
    private interface WithoutReceivedAt {}

    public byte[] encode(PlatformEvent event)
    {
        try {
            return mapper.writeValueAsBytes(event);
        }
        catch (JsonProcessingException e) {
            // records that passed their own checks always serialize
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code event} without its {@code received_at}: how an event waits in an outbox until a relay
     * publishes it and {@link #received} stamps the time the platform took it into its log.
     */
    public byte[] encodeUnreceived(PlatformEvent event)
    {
        try {
            return unreceivedMapper.writeValueAsBytes(event);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An {@link #encodeUnreceived} event with {@code received_at} set. The event was checked when
     * its record was built and has no {@code received_at}, so the field is spliced in as the
     * object's first, without parsing: a relay stamps every event it publishes. An
     * {@link InvalidEventException} if the bytes are not a JSON object.
     */
    public byte[] received(byte[] unreceived, Instant receivedAt)
    {
        int open = 0;
        while (open < unreceived.length && Character.isWhitespace(unreceived[open])) {
            open++;
        }
        if (open == unreceived.length || unreceived[open] != '{') {
            throw new InvalidEventException("an event must be a JSON object");
        }
        int next = open + 1;
        while (next < unreceived.length && Character.isWhitespace(unreceived[next])) {
            next++;
        }
        boolean empty = next < unreceived.length && unreceived[next] == '}';
        byte[] field = "{\"%s\":%s%s".formatted(RECEIVED_AT, receivedAt.toEpochMilli(), empty ? "" : ",").getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[field.length + unreceived.length - open - 1];
        System.arraycopy(field, 0, bytes, 0, field.length);
        System.arraycopy(unreceived, open + 1, bytes, field.length, unreceived.length - open - 1);
        return bytes;
    }

    public PlatformEvent decode(byte[] json)
    {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        }
        catch (IOException e) {
            throw new InvalidEventException("malformed JSON: " + firstLine(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException("an event must be a JSON object");
        }
        EventType type = typeOf(tree);
        checkSchemaVersion(type, tree.get("schema_version"));
        for (String field : requiredFields.get(type)) {
            if (!tree.hasNonNull(field)) {
                throw new InvalidEventException("%s: field[%s] is required".formatted(type.typeName(), field));
            }
        }
        try {
            return readers.get(type).readValue(tree);
        }
        catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidEventException("%s: %s".formatted(type.typeName(), cause.getMessage()));
        }
        catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : String.valueOf(reference.getIndex()))
                    .collect(Collectors.joining("."));
            throw new InvalidEventException("%s: field[%s] %s".formatted(type.typeName(), field, firstLine(e)));
        }
        catch (IOException e) {
            // binding a tree in memory fails only with JsonProcessingException, which is an IOException
            throw new InvalidEventException("%s: %s".formatted(type.typeName(), firstLine(e)));
        }
    }

    /**
     * An event {@link #decode} accepted before, of a known type: an archived event, whose
     * {@code event_type} column the archiver filled when it decoded it. Bound straight from the
     * bytes in one pass, without the tree {@link #decode} checks first (twice as fast); the
     * record's own checks still run, and anything that fails is an {@link InvalidEventException}.
     */
    public PlatformEvent decodeAccepted(EventType type, byte[] json)
    {
        try {
            PlatformEvent event = readers.get(type).readValue(json);
            if (event == null) {
                throw new InvalidEventException("an event must be a JSON object");
            }
            return event;
        }
        catch (IOException | RuntimeException e) {
            if (e instanceof InvalidEventException invalid) {
                throw invalid;
            }
            Throwable cause = e instanceof ValueInstantiationException && e.getCause() != null ? e.getCause() : e;
            throw new InvalidEventException("%s: %s".formatted(type.typeName(), cause.getMessage()));
        }
    }

    private static EventType typeOf(JsonNode tree)
    {
        JsonNode typeNode = tree.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new InvalidEventException("field[type] is required");
        }
        return EventType.fromName(typeNode.textValue())
                .orElseThrow(() -> new InvalidEventException("unknown type[%s]; known types: %s".formatted(
                        Checks.abbreviate(typeNode.textValue()),
                        Arrays.stream(EventType.values()).map(EventType::typeName).toList())));
    }

    private static void checkSchemaVersion(EventType type, JsonNode version)
    {
        if (version == null || version.isNull()) {
            throw new InvalidEventException("%s: field[schema_version] is required".formatted(type.typeName()));
        }
        // canConvertToLong: asLong() wraps a larger integer around (2^64 + 1 read as 1)
        if (!version.isIntegralNumber() || !version.canConvertToLong() || version.asLong() < 1 || version.asLong() > type.schemaVersion()) {
            throw new InvalidEventException("%s: schema_version[%s] is not supported; this reader knows 1 to %s"
                    .formatted(type.typeName(), Checks.abbreviate(version.toString()), type.schemaVersion()));
        }
    }

    private static ObjectMapper newMapper()
    {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        mapper.configOverride(LocalDate.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        return mapper;
    }

    private static String firstLine(Exception e)
    {
        String message = e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
