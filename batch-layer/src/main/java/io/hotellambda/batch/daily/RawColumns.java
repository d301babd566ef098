package io.hotellambda.batch.daily;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code RawSchema}'s columns as Spark reads them. */
public final class RawColumns
{
    public static final StructType SPARK = new StructType()
            .add("kafka_partition", DataTypes.IntegerType, false)
            .add("kafka_offset", DataTypes.LongType, false)
            .add("kafka_timestamp", DataTypes.TimestampType, false)
            .add("record_key", DataTypes.StringType)
            .add("event_id", DataTypes.StringType)
            .add("event_type", DataTypes.StringType)
            .add("hotel_id", DataTypes.LongType)
            .add("received_at", DataTypes.TimestampType, false)
            .add("viewer_id", DataTypes.StringType)
            .add("country", DataTypes.StringType)
            .add("device", DataTypes.StringType)
            .add("payload", DataTypes.StringType)
            .add("error", DataTypes.StringType);

    private RawColumns() {}
}
