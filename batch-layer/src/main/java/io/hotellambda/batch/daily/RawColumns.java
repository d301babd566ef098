package io.hotellambda.batch.daily;

import io.hotellambda.batch.archive.RawSchema;
import org.apache.spark.sql.types.StructType;

/** {@link RawSchema}'s columns as Spark reads them, from the same column list the Hive tables use. */
public final class RawColumns
{
    public static final StructType SPARK = StructType.fromDDL(RawSchema.HIVE_COLUMNS.replace('\n', ' '));

    private RawColumns() {}
}
