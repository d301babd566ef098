package io.hotellambda.batch.daily;

import io.hotellambda.batch.archive.RawSchema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

/**
 * {@link RawSchema}'s columns as Spark reads them, from the same column list the Hive tables use,
 * and the event id of either file version as its two halves: the one place that knows both.
 */
public final class RawColumns
{
    public static final StructType SPARK = StructType.fromDDL(RawSchema.HIVE_COLUMNS.replace('\n', ' '));

    private static final UserDefinedFunction HIGH_OF_TEXT = udf((UDF1<String, Long>) id -> id == null ? null : idBits(id)[0], DataTypes.LongType);
    private static final UserDefinedFunction LOW_OF_TEXT = udf((UDF1<String, Long>) id -> id == null ? null : idBits(id)[1], DataTypes.LongType);

    private RawColumns() {}

    /** The event id's high half: a version 2 file's column, or a version 1 file's text id split (only read where the column is null). */
    public static Column idHigh()
    {
        return coalesce(col("event_id_hi"), HIGH_OF_TEXT.apply(col("event_id")));
    }

    /** The event id's low half, as {@link #idHigh}. */
    public static Column idLow()
    {
        return coalesce(col("event_id_lo"), LOW_OF_TEXT.apply(col("event_id")));
    }

    /** Whether the row has an event id, in either version. */
    public static Column hasId()
    {
        return col("event_id_hi").isNotNull().or(col("event_id").isNotNull());
    }

    /**
     * The event id as text, as version 1 stored it and as the contract writes it (a UUID in lower
     * case): a SQL expression for Hive views over the raw tables.
     */
    public static String idTextSql()
    {
        String high = "lpad(hex(event_id_hi), 16, '0')";
        String low = "lpad(hex(event_id_lo), 16, '0')";
        return "coalesce(event_id, lower(concat_ws('-', substr(%1$s, 1, 8), substr(%1$s, 9, 4), substr(%1$s, 13, 4), substr(%2$s, 1, 4), substr(%2$s, 5, 12))))"
                .formatted(high, low);
    }

    /**
     * A text event id as two longs: a UUID's high and low halves (every event id the contract
     * accepts is a UUID). Anything else, which the archiver would not have accepted, gets the
     * halves of a UUID made from its bytes (version 3): equal ids, equal halves, so copies still match.
     */
    private static long[] idBits(String eventId)
    {
        UUID id;
        try {
            id = eventId.length() == 36 ? UUID.fromString(eventId) : UUID.nameUUIDFromBytes(eventId.getBytes(StandardCharsets.UTF_8));
        }
        catch (IllegalArgumentException e) {
            id = UUID.nameUUIDFromBytes(eventId.getBytes(StandardCharsets.UTF_8));
        }
        return new long[] {id.getMostSignificantBits(), id.getLeastSignificantBits()};
    }
}
