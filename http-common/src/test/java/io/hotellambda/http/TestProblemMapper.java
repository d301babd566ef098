package io.hotellambda.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TestProblemMapper
{
    public record Query(long[] hotelIds, List<String> names, Inner inner, Integer limit, UUID eventId, Long hotelId) {}

    public record Inner(String city) {}

    private static final ObjectMapper JSON = ApiJson.mapper();

    private static String describe(String body)
    {
        JsonProcessingException error = catchThrowableOfType(JsonProcessingException.class, () -> JSON.readValue(body, Query.class));
        assertThat(error).as(body).isNotNull();
        return ProblemMapper.describe(error);
    }

    @Test
    void aBodyOfTheWrongKindSaysAnObjectIsExpected()
    {
        assertThat(describe("[]")).isEqualTo("the request body has the wrong type; expected an object");
        assertThat(describe("\"text\"")).isEqualTo("the request body has the wrong type; expected an object");
        assertThat(describe("17")).isEqualTo("the request body has the wrong type; expected an object");
    }

    @Test
    void aFieldOfTheWrongKindIsNamedWithWhatItShouldBe()
    {
        assertThat(describe("{\"hotel_ids\": \"1\"}")).isEqualTo("field[hotel_ids] has the wrong type; expected an array");
        assertThat(describe("{\"hotel_ids\": {}}")).isEqualTo("field[hotel_ids] has the wrong type; expected an array");
        assertThat(describe("{\"hotel_ids\": [1, \"x\"]}")).isEqualTo("field[hotel_ids[1]] has the wrong type; expected an integer");
        assertThat(describe("{\"hotel_ids\": [1.5]}")).isEqualTo("field[hotel_ids[0]] has the wrong type; expected an integer");
        assertThat(describe("{\"names\": 3}")).isEqualTo("field[names] has the wrong type; expected an array");
        assertThat(describe("{\"inner\": []}")).isEqualTo("field[inner] has the wrong type; expected an object");
        assertThat(describe("{\"inner\": {\"city\": []}}")).isEqualTo("field[inner.city] has the wrong type; expected a string");
        assertThat(describe("{\"limit\": \"ten\"}")).isEqualTo("field[limit] has the wrong type; expected an integer");
        assertThat(describe("{\"hotel_id\": true}")).isEqualTo("field[hotel_id] has the wrong type; expected an integer");
        assertThat(describe("{\"event_id\": \"not-a-uuid\"}")).isEqualTo("field[event_id] has the wrong type; expected a UUID (32 hex digits in groups of 8-4-4-4-12)");
    }

    @Test
    void noMessageNamesAJavaType()
    {
        for (String body : List.of("[]", "{\"hotel_ids\": \"1\"}", "{\"hotel_ids\": [99999999999999999999]}", "{\"limit\": 99999999999}", "{\"inner\": 1}", "{\"event_id\": 5}", "{", "{\"x\": 1}", "{\"limit\": NaN}", "{\"limit\": 1, \"limit\": 1}", "{} {}", "{\"limit\": Infinity}")) {
            assertThat(describe(body)).as(body).doesNotContain("io.hotellambda", "long[]", "java.", "`", "Feature", "enable");
        }
    }

    @Test
    void unknownFieldsAndBrokenJsonAreNamed()
    {
        assertThat(describe("{\"x\": 1}")).startsWith("unknown field[x]; known fields: ");
        assertThat(describe("{")).isEqualTo("malformed JSON at line 1, column 2: the body ends before the JSON value does");
        assertThat(describe("{\"limit\": NaN}")).isEqualTo("malformed JSON at line 1, column 14: NaN and Infinity are not JSON numbers");
        assertThat(describe("{\"limit\": 1, \"limit\": 2}")).startsWith("malformed JSON at line 1").endsWith("a key is given twice ('limit')");
        assertThat(describe("{} []")).isEqualTo("malformed JSON: the request body holds more than one JSON value");
        assertThat(describe("{\"hotel_ids\": [99999999999999999999]}")).isEqualTo("field[hotel_ids[0]] is out of range; expected an integer from -9223372036854775808 to 9223372036854775807");
        assertThat(describe("{\"limit\": 99999999999}")).isEqualTo("field[limit] is out of range; expected an integer from -2147483648 to 2147483647");
    }
}
