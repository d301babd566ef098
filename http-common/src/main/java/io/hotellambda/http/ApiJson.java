package io.hotellambda.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hotellambda.schemas.Checks;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** The JSON of every HTTP API here: one set of rules, so a client sees one dialect. */
public final class ApiJson
{
    private ApiJson() {}

    /**
     * snake_case, ISO-8601 instants, unknown fields rejected so typos are caught; a key given twice
     * and anything after the one JSON value are errors, not "the last one wins" and "ignored";
     * dates read as in a query parameter ({@link Checks#date}: four-digit years, {@code 2026-11-22}).
     */
    public static ObjectMapper mapper()
    {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                // after JavaTimeModule: a module added later is asked first
                .addModule(new SimpleModule("four-digit-year dates").addDeserializer(LocalDate.class, new DateDeserializer()))
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
    }

    /**
     * A JSON string as {@link Checks#date} reads it. JavaTimeModule's reader takes ISO's wider
     * years ({@code +10000-01-01}), which no database column or night here holds.
     */
    private static final class DateDeserializer
            extends StdScalarDeserializer<LocalDate>
    {
        DateDeserializer()
        {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser parser, DeserializationContext context)
                throws IOException
        {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (LocalDate) context.handleUnexpectedToken(LocalDate.class, parser);
            }
            String text = parser.getText();
            try {
                return Checks.date(text.strip());
            }
            catch (DateTimeParseException e) {
                return (LocalDate) context.handleWeirdStringValue(LocalDate.class, text, "not a date of the form 2026-11-22");
            }
        }
    }
}
