package io.hotellambda.batch.bookings;

import io.hotellambda.batch.daily.ServingPublisher;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.SupplyDemandTables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How each Spark task of {@link SupplyDemandPublisher} copies its rows, on a real PostgreSQL. */
@ExtendWith(TestingLocalStack.class)
class TestSupplyDemandPublisher
{
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-30");

    @Test
    void aTaskRunAgainAfterItsRowsWereCommittedCopiesNoneTwiceAndOtherTasksStillCopy(LocalStack stack)
            throws SQLException
    {
        stack.postgres().createDatabase("supply_demand_tasks");
        String url = stack.postgres().jdbcUrl("supply_demand_tasks");
        new ServingPublisher(url, PostgresServer.USER, "").migrate();
        SupplyDemandPublisher.CopyPartition task = new SupplyDemandPublisher.CopyPartition(url, PostgresServer.USER, "", AS_OF);
        try (Connection connection = DriverManager.getConnection(url, PostgresServer.USER, "")) {
            SupplyDemandTables.begin(connection, AS_OF);
        }

        task.call(nights(11, 30).iterator());
        // the executor lost after the commit: Spark runs the task again, over the same rows in another order
        List<Row> again = nights(11, 30);
        Collections.reverse(again);
        task.call(again.iterator());
        task.call(nights(12, 30).iterator());
        task.call(List.<Row>of().iterator());

        try (Connection connection = DriverManager.getConnection(url, PostgresServer.USER, "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT room_type_id, count(*), count(DISTINCT stay_date) FROM serving.supply_demand GROUP BY 1 ORDER BY 1")) {
            List<String> counts = new ArrayList<>();
            while (rows.next()) {
                counts.add("%d: %d rows, %d nights".formatted(rows.getLong(1), rows.getLong(2), rows.getLong(3)));
            }
            assertThat(counts).containsExactly("11: 30 rows, 30 nights", "12: 30 rows, 30 nights");
        }
    }

    /** Room type {@code roomType}'s first {@code nights} nights after {@link #AS_OF}, as the job's rows hold them ({@link SupplyDemandTables#COLUMNS}). */
    private static List<Row> nights(long roomType, int nights)
    {
        List<Row> rows = new ArrayList<>();
        for (int ahead = 1; ahead <= nights; ahead++) {
            rows.add(RowFactory.create(1L, roomType, Date.valueOf(AS_OF.plusDays(ahead)), "lisbon", "EUR", 10L, 0L, false, 4L, 0L, 0L, 1L, 4L, 40L, 2L, 300L,
                    0.1, 12.5, 2.0, 10_000.0, 10_000L, 8_000L, 16_000L, 10_000L, ahead, 0.4, 0.1, 0.6, 0.95, 9_500L, SupplyDemand.MODEL));
        }
        return rows;
    }
}
