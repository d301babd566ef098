package io.hotellambda.batch.bookings;

import io.hotellambda.schemas.SupplyDemandTables;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * Publishes a day's supply and demand to PostgreSQL through {@link SupplyDemandTables}: the day
 * unpublished and emptied, each Spark partition's rows copied by its own task (no collect to the
 * driver: a day is a row per room type and night, millions for a large catalog), then the day
 * published in one transaction.
 */
public final class SupplyDemandPublisher
        implements StayDateJob.Publisher
{
    private final String jdbcUrl;
    private final String user;
    private final String password;

    public SupplyDemandPublisher(String jdbcUrl, String user, String password)
    {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    @Override
    public void publish(LocalDate asOf, Dataset<Row> rows)
    {
        try {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
                SupplyDemandTables.begin(connection, asOf);
            }
            rows.select(SupplyDemandTables.COLUMNS.stream().map(name -> col(name)).toArray(Column[]::new))
                    .foreachPartition(new CopyPartition(jdbcUrl, user, password, asOf));
            try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
                SupplyDemandTables.publish(connection, asOf);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot publish the supply and demand of %s: %s".formatted(asOf, e.getMessage()), e);
        }
    }

    /**
     * One task's rows, as CSV, in COPYs of 10,000, committed together; none when an earlier
     * attempt of the task committed them. Spark runs a task again when it did not hear it end (its
     * executor lost after the commit), and the attempt copies the same rows (a task's partition is
     * the same rows at every attempt): so a task whose first row is there has all of them there.
     */
    record CopyPartition(String jdbcUrl, String user, String password, LocalDate asOf)
            implements ForeachPartitionFunction<Row>
    {
        @Override
        public void call(Iterator<Row> rows)
                throws SQLException
        {
            if (!rows.hasNext()) {
                return;
            }
            try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
                // one transaction per task: an attempt that failed before its commit left none of its rows
                connection.setAutoCommit(false);
                Row first = rows.next();
                if (SupplyDemandTables.holds(connection, asOf, first.getLong(0), first.getLong(1), localDate(first.get(2)))) {
                    return;
                }
                List<String> lines = new ArrayList<>();
                lines.add(csv(first));
                while (rows.hasNext()) {
                    lines.add(csv(rows.next()));
                    if (lines.size() == 10_000) {
                        SupplyDemandTables.copy(connection, asOf, lines);
                        lines.clear();
                    }
                }
                SupplyDemandTables.copy(connection, asOf, lines);
                connection.commit();
            }
        }

        /** A DATE column's value, as Spark gives it with or without its Java 8 time API. */
        private static LocalDate localDate(Object date)
        {
            return date instanceof java.sql.Date sqlDate ? sqlDate.toLocalDate() : (LocalDate) date;
        }

        private static String csv(Row row)
        {
            StringBuilder line = new StringBuilder(200);
            for (int i = 0; i < row.length(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                Object value = row.get(i);
                if (value instanceof String text) {
                    line.append('"').append(text.replace("\"", "\"\"")).append('"');
                }
                else if (value != null) {
                    line.append(value);
                }
            }
            return line.toString();
        }
    }
}
