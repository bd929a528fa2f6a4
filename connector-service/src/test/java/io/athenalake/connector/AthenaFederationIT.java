package io.athenalake.connector;

import io.athenalake.connector.testing.Lake;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.DataCatalogType;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * connector-service as Athena uses it: the packaged Lambda ({@code target/function.zip}, the zip infra deploys)
 * hosted on the devstack's Lambda emulation, registered with Athena's {@code CreateDataCatalog(Type=LAMBDA)},
 * and queried through the Athena API — the devstack's Athena engine (Trino) calls the function over the
 * federation protocol, as Athena does. Rows come back through GetQueryResults and are compared with the
 * parquet written to the S3 stand-in.
 */
class AthenaFederationIT {

    static final MessageType ALL_TYPES = MessageTypeParser.parseMessageType("""
            message all_types {
              required int32 id;
              optional int32 i8 (INTEGER(8,true));
              optional int32 i16 (INTEGER(16,true));
              optional int64 i64;
              optional float f32;
              optional double f64;
              optional int32 dec9 (DECIMAL(9,2));
              optional fixed_len_byte_array(13) dec30 (DECIMAL(30,5));
              optional boolean flag;
              optional binary Name (STRING);
              optional binary raw;
              optional int32 day (DATE);
              optional int64 ts_millis_utc (TIMESTAMP(MILLIS,true));
              optional int64 ts_local (TIMESTAMP(MILLIS,false));
              optional group tags (LIST) { repeated group list { optional int32 element; } }
            }
            """);
    static final MessageType EVENTS = MessageTypeParser.parseMessageType(
            "message events { required int64 id; optional binary payload (STRING); }");
    static final Instant WHEN = Instant.parse("2024-03-15T10:15:30.123Z");
    /** Enough rows that one split's answer passes Athena's inline limit and is spilled. */
    static final int BIG_ROWS = 120_000;

    static Lake lake;
    static String database;
    static String catalog;
    static AthenaClient athena;
    static String function;

    @BeforeAll
    static void hostTheConnectorAndRegisterItsCatalog() throws Exception {
        lake = new Lake();
        database = lake.database("shop");
        writeTables();
        function = "minio-connector-" + lake.prefix.substring(0, lake.prefix.length() - 1);
        String functionArn = lake.hostConnector(function, Map.of(
                "AWS_SECRET", lake.secretName,
                "SCHEME", "http",
                "BUCKET_PREFIX", lake.prefix,
                "TABLES_PATH", "warehouse/tables",
                "spill_bucket", lake.spillBucket));
        athena = lake.athena();
        catalog = "minio_" + lake.prefix.substring(2, 8);
        athena.createDataCatalog(b -> b.name(catalog).type(DataCatalogType.LAMBDA).description("parquet in MinIO")
                .parameters(Map.of("function", functionArn)));
    }

    @AfterAll
    static void deleteTheCatalog() {
        if (athena != null) {
            athena.deleteDataCatalog(b -> b.name(catalog));
            assertThat(athena.listDataCatalogs(b -> { }).dataCatalogsSummary()).noneMatch(c -> c.catalogName().equals(catalog));
            athena.close();
        }
    }

    @Test
    void theCatalogIsListedAsALambdaCatalog() {
        var described = athena.getDataCatalog(b -> b.name(catalog)).dataCatalog();
        assertThat(described.type()).isEqualTo(DataCatalogType.LAMBDA);
        assertThat(described.parameters().get("function")).endsWith(":function:" + function);
        assertThat(athena.listDataCatalogs(b -> { }).dataCatalogsSummary()).anyMatch(c -> c.catalogName().equals(catalog));
    }

    @Test
    void schemasAreTheBucketsWithThePrefixAndTablesTheFolders() {
        // SHOW is DDL to Athena: its result has no header row
        assertThat(query("SHOW SCHEMAS FROM " + catalog))
                .contains(List.of(database), List.of(lake.spillBucket))
                .noneMatch(row -> !row.get(0).startsWith(lake.prefix) && !row.get(0).equals("information_schema"));
        assertThat(query("SHOW TABLES FROM " + catalog + ".\"" + database + "\""))
                .containsExactly(List.of("all_types"), List.of("big"), List.of("events"), List.of("notes"));
    }

    @Test
    void everyTypeReadsBackAsWritten() {
        List<List<String>> rows = query("SELECT * FROM " + table("all_types") + " ORDER BY id");
        assertThat(rows.get(0)).containsExactly("id", "i8", "i16", "i64", "f32", "f64", "dec9", "dec30", "flag", "name",
                "raw", "day", "ts_millis_utc", "ts_local", "tags");
        assertThat(rows.subList(1, rows.size())).containsExactly(
                List.of("1", "-8", "-1600", "64000000000", "1.5", "2.25", "123.45", "1234567890123456789.01234", "true",
                        "Zoë", "01 02 03", "2024-03-15", "2024-03-15 10:15:30.123 UTC", "2024-03-15 10:15:30.123", "[1, null, 3]"),
                allNullsBut("2", 15));
    }

    @Test
    void aPartitionFilterReturnsThatPartitionsRows() {
        List<List<String>> rows = values(query("SELECT id, payload, dt FROM " + table("events")
                + " WHERE dt = '2024-01-02' ORDER BY id"));
        assertThat(rows).containsExactlyElementsOf(LongStreamRows.events(100, 200, "2024-01-02"));
        assertThat(values(query("SELECT dt, count(*) FROM " + table("events") + " GROUP BY dt ORDER BY dt")))
                .containsExactly(List.of("2024-01-01", "100"), List.of("2024-01-02", "100"), List.of("2024-01-03", "100"));
    }

    @Test
    void queriesThatReadNoColumnCountEveryRow() {
        // the connector answers ReadRecords without columns: blocks with a row count and no vectors, spilled or inline
        assertThat(values(query("SELECT count(*) FROM " + table("big")))).containsExactly(List.of(Integer.toString(BIG_ROWS)));
        assertThat(values(query("SELECT count(1) FROM " + table("events")))).containsExactly(List.of("300"));
        assertThat(values(query("SELECT 1 FROM " + table("all_types")))).containsExactly(List.of("1"), List.of("1"));
        assertThat(values(query("SELECT count(*) FROM " + table("events") + " WHERE dt = '2024-01-03'"))).containsExactly(List.of("100"));
    }

    @Test
    void isNullFindsTheNullRows() {
        // pushed to the connector as a range set with no range and nulls allowed
        assertThat(values(query("SELECT id FROM " + table("all_types") + " WHERE flag IS NULL"))).containsExactly(List.of("2"));
        assertThat(values(query("SELECT id FROM " + table("all_types") + " WHERE i64 IS NULL AND id > 1"))).containsExactly(List.of("2"));
        assertThat(values(query("SELECT count(*) FROM " + table("events") + " WHERE payload IS NULL"))).containsExactly(List.of("0"));
    }

    @Test
    void aRangeOnAColumnReturnsExactlyItsRows() {
        // pushed to the connector as a SortedRangeSet (it skips row groups outside it); Trino filters what comes back
        assertThat(values(query("SELECT id FROM " + table("big") + " WHERE id >= 1000 AND id < 1100 ORDER BY id")))
                .containsExactlyElementsOf(IntStream.range(1000, 1100).mapToObj(id -> List.of(Integer.toString(id))).toList());
    }

    @Test
    void aLargeResultGoesThroughTheEncryptedSpillAndArrivesWhole() {
        List<String> spilledBefore = spillObjects();
        List<List<String>> rows = values(query("SELECT id, payload FROM " + table("big") + " ORDER BY id"));
        assertThat(rows).hasSize(BIG_ROWS);
        for (int i = 0; i < BIG_ROWS; i++) {
            assertThat(rows.get(i)).containsExactly(Integer.toString(i), bigPayload(i));
        }
        List<String> spilled = new ArrayList<>(spillObjects());
        spilled.removeAll(spilledBefore);
        assertThat(spilled).as("blocks the connector spilled for this query").isNotEmpty();
        byte[] stored = lake.s3.getObjectAsBytes(b -> b.bucket(lake.spillBucket).key(spilled.get(0))).asByteArray();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).as("spilled blocks are encrypted").doesNotContain(bigPayload(0));
    }

    @Test
    void aConnectorErrorFailsTheQueryWithTheConnectorsMessage() {
        QueryExecution failed = run("SELECT * FROM " + table("notes"));
        assertThat(failed.status().state()).isEqualTo(QueryExecutionState.FAILED);
        assertThat(failed.status().stateChangeReason())
                .startsWith("GENERIC_USER_ERROR: Encountered an exception[")
                .contains("from your LambdaFunction[arn:aws:lambda:us-east-1:000000000000:function:" + function + "]")
                .contains("notes.txt cannot be read as parquet: it is not a parquet file");
    }

    @Test
    void aCatalogWhoseFunctionDoesNotExistFailsItsQueries() {
        String missing = catalog + "_missing";
        athena.createDataCatalog(b -> b.name(missing).type(DataCatalogType.LAMBDA)
                .parameters(Map.of("function", "arn:aws:lambda:us-east-1:000000000000:function:no-such-connector")));
        try {
            QueryExecution failed = run("SHOW SCHEMAS FROM " + missing);
            assertThat(failed.status().state()).isEqualTo(QueryExecutionState.FAILED);
            assertThat(failed.status().stateChangeReason()).contains("Function not found")
                    .contains("function:no-such-connector");
        } finally {
            athena.deleteDataCatalog(b -> b.name(missing));
        }
    }

    // ---- the lake

    private static void writeTables() {
        SimpleGroupFactory types = new SimpleGroupFactory(ALL_TYPES);
        Group full = types.newGroup().append("id", 1).append("i8", -8).append("i16", -1600).append("i64", 64_000_000_000L)
                .append("f32", 1.5f).append("f64", 2.25).append("dec9", 12_345)
                .append("dec30", Binary.fromConstantByteArray(fixed(new BigInteger("123456789012345678901234"), 13)))
                .append("flag", true).append("Name", "Zoë").append("raw", Binary.fromConstantByteArray(new byte[] {1, 2, 3}))
                .append("day", (int) LocalDate.of(2024, 3, 15).toEpochDay())
                .append("ts_millis_utc", WHEN.toEpochMilli())
                .append("ts_local", WHEN.toEpochMilli());
        Group tags = full.addGroup("tags");
        tags.addGroup("list").append("element", 1);
        tags.addGroup("list");
        tags.addGroup("list").append("element", 3);
        lake.parquet(database, "warehouse/tables/all_types/part-0.parquet", ALL_TYPES,
                List.of(full, types.newGroup().append("id", 2)));

        SimpleGroupFactory events = new SimpleGroupFactory(EVENTS);
        List<String> days = List.of("2024-01-01", "2024-01-02", "2024-01-03");
        for (int d = 0; d < days.size(); d++) {
            int first = d * 100;
            lake.parquet(database, "warehouse/tables/events/dt=" + days.get(d) + "/part-0.parquet", EVENTS,
                    IntStream.range(first, first + 100).mapToObj(id -> events.newGroup().append("id", (long) id)
                            .append("payload", "event-" + id)).toList());
        }

        lake.parquet(database, "warehouse/tables/big/part-0.parquet", EVENTS,
                IntStream.range(0, BIG_ROWS).mapToObj(id -> events.newGroup().append("id", (long) id)
                        .append("payload", bigPayload(id))).toList());

        lake.put(database, "warehouse/tables/notes/notes.txt", "not parquet".getBytes(StandardCharsets.UTF_8));
    }

    static String bigPayload(int id) {
        return "row " + id + " " + UUID.nameUUIDFromBytes(Integer.toString(id).getBytes(StandardCharsets.UTF_8)) + " of the big table";
    }

    private static byte[] fixed(BigInteger unscaled, int length) {
        byte[] bytes = unscaled.toByteArray();
        byte[] padded = new byte[length];
        System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
        return padded;
    }

    private static List<String> allNullsBut(String id, int columns) {
        List<String> row = new ArrayList<>();
        row.add(id);
        while (row.size() < columns) {
            row.add("");
        }
        return row;
    }

    // ---- Athena

    private static String table(String name) {
        return catalog + ".\"" + database + "\"." + name;
    }

    private List<String> spillObjects() {
        return lake.s3.listObjectsV2Paginator(b -> b.bucket(lake.spillBucket).prefix("athena-spill/")).contents().stream()
                .map(S3Object::key).filter(key -> !key.contains("_write-check")).toList();
    }

    /** Runs a query to its end. */
    static QueryExecution run(String sql) {
        String id = athena.startQueryExecution(b -> b.queryString(sql)).queryExecutionId();
        while (true) {
            QueryExecution execution = athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution();
            QueryExecutionState state = execution.status().state();
            if (state != QueryExecutionState.QUEUED && state != QueryExecutionState.RUNNING) {
                return execution;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every row of a successful query, the header row (of a SELECT) first, as GetQueryResults pages them. */
    static List<List<String>> query(String sql) {
        QueryExecution execution = run(sql);
        assertThat(execution.status().state()).as("%s: %s", sql, execution.status().stateChangeReason())
                .isEqualTo(QueryExecutionState.SUCCEEDED);
        List<List<String>> rows = new ArrayList<>();
        for (GetQueryResultsResponse page : athena.getQueryResultsPaginator(b -> b.queryExecutionId(execution.queryExecutionId()))) {
            for (Row row : page.resultSet().rows()) {
                rows.add(row.data().stream().map(d -> d.varCharValue() == null ? "" : d.varCharValue()).toList());
            }
        }
        return rows;
    }

    /** The rows without the header row. */
    static List<List<String>> values(List<List<String>> rows) {
        return rows.isEmpty() ? rows : rows.subList(1, rows.size());
    }

    /** Expected rows of the events table. */
    static final class LongStreamRows {
        static List<List<String>> events(int from, int to, String dt) {
            return IntStream.range(from, to).mapToObj(id -> List.of(Integer.toString(id), "event-" + id, dt)).toList();
        }
    }
}
