package io.athenalake.connector;

import com.amazonaws.athena.connector.lambda.data.BlockAllocatorImpl;
import com.amazonaws.athena.connector.lambda.domain.Split;
import com.amazonaws.athena.connector.lambda.domain.TableName;
import com.amazonaws.athena.connector.lambda.domain.predicate.Constraints;
import com.amazonaws.athena.connector.lambda.metadata.GetSplitsRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetSplitsResponse;
import com.amazonaws.athena.connector.lambda.metadata.GetTableLayoutRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetTableLayoutResponse;
import com.amazonaws.athena.connector.lambda.metadata.GetTableRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetTableResponse;
import com.amazonaws.athena.connector.lambda.records.ReadRecordsRequest;
import com.amazonaws.athena.connector.lambda.records.ReadRecordsResponse;
import io.athenalake.connector.lambda.ConnectorComponents;
import io.athenalake.connector.parquet.ArrowTypesTest;
import io.athenalake.connector.testing.Federation;
import io.athenalake.connector.testing.Lake;
import io.athenalake.connector.testing.Rows;
import io.athenalake.connector.testing.Wire;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every parquet type the connector maps, written with parquet-hadoop and read back through read-records. */
class AllTypesIT {

    static final Instant WHEN = Instant.parse("2024-03-15T10:15:30.123456Z");
    static Lake lake;
    static String database;
    static BlockAllocatorImpl allocator;
    static Wire wire;

    @BeforeAll
    static void write() {
        lake = new Lake();
        database = lake.database("types");
        SimpleGroupFactory rows = new SimpleGroupFactory(ArrowTypesTest.ALL_TYPES);
        Group full = rows.newGroup()
                .append("i8", -8).append("i16", -1600).append("i32", 320_000).append("i64", 64_000_000_000L)
                .append("u8", 250).append("u16", 65_000).append("u32", (int) 4_000_000_000L).append("u64", -1L)
                .append("f32", 1.5f).append("f64", 2.25).append("dec9", 12_345).append("dec18", 123_456_789L)
                .append("dec30", Binary.fromConstantByteArray(fixed(new BigInteger("123456789012345678901234"), 13)))
                .append("flag", true).append("Name", "Zoë").append("raw", Binary.fromConstantByteArray(new byte[] {1, 2, 3}))
                .append("day", (int) LocalDate.of(2024, 3, 15).toEpochDay())
                .append("ts_millis_utc", WHEN.toEpochMilli())
                .append("ts_micros_utc", WHEN.getEpochSecond() * 1_000_000 + WHEN.getNano() / 1_000)
                .append("ts_nanos_local", WHEN.getEpochSecond() * 1_000_000_000 + WHEN.getNano())
                .append("legacy_ts", int96(WHEN));
        Group tags = full.addGroup("tags");
        tags.addGroup("list").append("element", 1);
        tags.addGroup("list");
        tags.addGroup("list").append("element", 3);
        full.addGroup("address").append("street", "Main").append("Number", 7);
        Group attrs = full.addGroup("attrs");
        attrs.addGroup("key_value").append("key", "a").append("value", 1L);
        attrs.addGroup("key_value").append("key", "b");
        full.append("legacy_list", 10).append("legacy_list", 20);
        Group empty = rows.newGroup();
        lake.parquet(database, "t/AllTypes/part-0.parquet", ArrowTypesTest.ALL_TYPES, List.of(full, empty));
        allocator = new BlockAllocatorImpl();
        wire = new Wire(ConnectorComponents.create(lake.settings("t")), allocator);
    }

    @AfterAll
    static void close() {
        allocator.close();
    }

    @Test
    void everyTypeReachesAthenaWithItsValueAndNullsEverywhere() {
        TableName table = new TableName(database, "alltypes");
        GetTableResponse described = wire.call(new GetTableRequest(Federation.IDENTITY, "types", Federation.CATALOG, table, Map.of()),
                GetTableResponse.class);
        Schema schema = described.getSchema();
        Constraints none = new Constraints(Map.of(), List.of(), List.of(), Constraints.DEFAULT_NO_LIMIT, Map.of(), null);
        GetTableLayoutResponse layout = wire.call(new GetTableLayoutRequest(Federation.IDENTITY, "types", Federation.CATALOG, table, none,
                schema, described.getPartitionColumns()), GetTableLayoutResponse.class);
        GetSplitsResponse splits = wire.call(new GetSplitsRequest(Federation.IDENTITY, "types", Federation.CATALOG, table,
                layout.getPartitions(), new ArrayList<>(), none, null), GetSplitsResponse.class);
        assertThat(splits.getSplits()).hasSize(1);
        Split split = splits.getSplits().iterator().next();
        ReadRecordsResponse records = wire.call(new ReadRecordsRequest(Federation.IDENTITY, Federation.CATALOG, "types", table, schema,
                split, none, 16L << 20, 5L << 20), ReadRecordsResponse.class);
        List<Map<String, Object>> rows = Rows.of(records.getRecords());
        assertThat(rows).hasSize(2);

        Map<String, Object> row = rows.get(0);
        assertThat(row.get("i8")).isEqualTo((byte) -8);
        assertThat(row.get("i16")).isEqualTo((short) -1600);
        assertThat(row.get("i32")).isEqualTo(320_000);
        assertThat(row.get("i64")).isEqualTo(64_000_000_000L);
        assertThat(row.get("u8")).isEqualTo((short) 250);
        assertThat(row.get("u16")).isEqualTo(65_000);
        assertThat(row.get("u32")).isEqualTo(4_000_000_000L);
        assertThat(row.get("u64")).isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(row.get("f32")).isEqualTo(1.5f);
        assertThat(row.get("f64")).isEqualTo(2.25);
        assertThat(row.get("dec9")).isEqualTo(new BigDecimal("123.45"));
        assertThat(row.get("dec18")).isEqualTo(new BigDecimal("12345.6789"));
        assertThat(row.get("dec30")).isEqualTo(new BigDecimal("1234567890123456789.01234"));
        assertThat(row.get("flag")).isEqualTo(true);
        assertThat(row.get("name")).isEqualTo("Zoë");
        assertThat((byte[]) row.get("raw")).containsExactly(1, 2, 3);
        assertThat(row.get("day")).isIn(LocalDate.of(2024, 3, 15), (int) LocalDate.of(2024, 3, 15).toEpochDay());
        // zoned timestamps in milliseconds, finer units rounded (.123456 is .123)
        assertThat(row.get("ts_millis_utc")).isEqualTo(Instant.ofEpochMilli(WHEN.toEpochMilli()));
        assertThat(row.get("ts_micros_utc")).isEqualTo(Instant.ofEpochMilli(WHEN.toEpochMilli()));
        LocalDateTime millis = LocalDateTime.ofInstant(Instant.ofEpochMilli(WHEN.toEpochMilli()), ZoneOffset.UTC);
        assertThat(row.get("ts_nanos_local")).isEqualTo(millis);
        assertThat(row.get("legacy_ts")).isEqualTo(millis);
        assertThat(row.get("tags")).isEqualTo(Arrays.asList(1, null, 3));
        assertThat(row.get("address")).isEqualTo(Map.of("street", "Main", "number", 7));
        assertThat(row.get("attrs").toString()).isEqualTo("[{key=a, value=1}, {key=b}]");
        assertThat(row.get("legacy_list")).isEqualTo(List.of(10, 20));

        Map<String, Object> nulls = rows.get(1);
        for (String column : nulls.keySet()) {
            if (!column.equals("legacy_list")) {
                assertThat(nulls.get(column)).as(column).isNull();
            }
        }
        assertThat(nulls.get("legacy_list")).isIn(null, List.of());
    }

    private static Binary int96(Instant instant) {
        long epochDay = Math.floorDiv(instant.getEpochSecond(), 86_400);
        long nanosOfDay = (instant.getEpochSecond() - epochDay * 86_400) * 1_000_000_000L + instant.getNano();
        return new NanoTime((int) (epochDay + 2_440_588), nanosOfDay).toBinary();
    }

    private static byte[] fixed(BigInteger unscaled, int length) {
        byte[] bytes = unscaled.toByteArray();
        byte[] padded = new byte[length];
        byte pad = (byte) (unscaled.signum() < 0 ? 0xFF : 0);
        Arrays.fill(padded, pad);
        System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
        return padded;
    }
}
