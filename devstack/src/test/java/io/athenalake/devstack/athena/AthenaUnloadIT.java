package io.athenalake.devstack.athena;

import io.athenalake.devstack.AwsClients;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Athena's UNLOAD through {@link AthenaClient} and the S3 and Glue clients, as AWS documents it: files under an empty
 * TO location, written in parallel, listed by a data manifest beside the query's results; read back here by Trino's own
 * readers (through an external table) and by the parquet footers, never by the code that wrote them.
 */
class AthenaUnloadIT {

    private static final String ORDERS = "SELECT o_orderkey, o_custkey, o_orderstatus, o_totalprice, o_orderdate, "
            + "CAST(o_totalprice AS decimal(12, 2)) AS o_price, o_comment FROM tpch.tiny.orders";
    private static final String ORDERS_COLUMNS = "o_orderkey bigint, o_custkey bigint, o_orderstatus varchar, "
            + "o_totalprice double, o_orderdate date, o_price decimal(12, 2), o_comment varchar";
    /** Every row's every value, order-free (Trino's checksum), plus sums a reader that drops a file gets wrong. */
    private static final String ORDERS_SUMMARY = "SELECT count(*), sum(o_orderkey), sum(o_custkey), "
            + "count(DISTINCT o_orderstatus), sum(CAST(round(o_totalprice * 100) AS bigint)), min(o_orderdate), "
            + "max(o_orderdate), sum(o_price), sum(length(o_comment)), to_hex(checksum(ROW(o_orderkey, o_custkey, "
            + "o_orderstatus, o_totalprice, o_orderdate, o_price, o_comment))) FROM ";

    private static AthenaClient athena;
    private static S3Client s3;
    private static GlueClient glue;
    private static Connection trino;

    @BeforeAll
    static void clients() throws Exception {
        athena = AwsClients.athena();
        s3 = AwsClients.s3();
        glue = AwsClients.glue();
        trino = AwsClients.trino();
    }

    @AfterAll
    static void close() throws Exception {
        athena.close();
        s3.close();
        glue.close();
        trino.close();
    }

    @Test
    void aParquetUnloadWritesSeveralFilesThatItsManifestListsAndThatReadBackWhole() throws Exception {
        String prefix = freshPrefix("orders");
        Set<String> glueBefore = glueTables();

        QueryExecution unload = AthenaQueries.run(athena,
                "UNLOAD (" + ORDERS + ") TO 's3://lake/" + prefix + "' WITH (format = 'PARQUET')");

        assertSucceeded(unload);
        String id = unload.queryExecutionId();
        assertThat(unload.statementType().toString()).isEqualTo("DML");
        assertThat(unload.statistics().dataScannedInBytes()).isPositive();
        assertThat(unload.statistics().dataManifestLocation()).isEqualTo("s3://athena-results/" + id + "-manifest.csv");
        assertThat(s3.headObject(b -> b.bucket("athena-results").key(id + ".metadata")).contentLength()).isNotNull();
        assertThat(athena.getQueryResults(b -> b.queryExecutionId(id)).resultSet().rows()).isEmpty();
        // the scratch table Trino wrote through lives in the devstack's own catalog, never in Glue
        assertThat(glueTables()).isEqualTo(glueBefore);

        List<String> files = objectUris(prefix);
        assertThat(manifest(unload)).containsExactlyInAnyOrderElementsOf(files);
        assertThat(files).as("written in parallel, as Athena writes").hasSizeGreaterThan(1);
        long rows = 0;
        for (String file : files) {
            FileMetaData footer = footer(file);
            rows += footer.getNum_rows();
            assertThat(columnTypes(footer)).containsExactly(Map.entry("o_orderkey", "bigint"), Map.entry("o_custkey", "bigint"),
                    Map.entry("o_orderstatus", "varchar"), Map.entry("o_totalprice", "double"), Map.entry("o_orderdate", "date"),
                    Map.entry("o_price", "decimal(12,2)"), Map.entry("o_comment", "varchar"));
            assertThat(codecs(footer)).as("Athena's default for Parquet").containsOnly(CompressionCodec.GZIP);
        }
        assertThat(rows).isEqualTo(15_000);

        assertThat(readBack(prefix, ORDERS_COLUMNS, "format = 'PARQUET'", ORDERS_SUMMARY))
                .isEqualTo(AthenaQueries.succeededRows(athena, ORDERS_SUMMARY + "(" + ORDERS + ")"));
    }

    @Test
    void anUnloadToALocationHoldingDataFailsAndLeavesItAsItWas() {
        String prefix = freshPrefix("twice");
        String sql = "UNLOAD (SELECT * FROM tpch.tiny.region) TO 's3://lake/" + prefix + "' WITH (format = 'PARQUET')";
        assertSucceeded(AthenaQueries.run(athena, sql));
        Map<String, String> before = objects(prefix);

        QueryExecution again = AthenaQueries.run(athena, sql);

        assertThat(again.status().state()).isEqualTo(QueryExecutionState.FAILED);
        assertThat(again.status().stateChangeReason())
                .startsWith("HIVE_PATH_ALREADY_EXISTS: Target directory for table ")
                .endsWith("already exists: s3://lake/" + prefix);
        assertThat(again.status().athenaError().errorCategory()).isEqualTo(2);
        assertThat(objects(prefix)).isEqualTo(before);

        String foreign = freshPrefix("foreign");
        s3.putObject(b -> b.bucket("lake").key(foreign + "notes.txt"), software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
        QueryExecution intoForeign = AthenaQueries.run(athena, "UNLOAD (SELECT * FROM tpch.tiny.region) TO 's3://lake/"
                + foreign.substring(0, foreign.length() - 1) + "' WITH (format = 'PARQUET')");
        assertThat(intoForeign.status().state()).isEqualTo(QueryExecutionState.FAILED);
        assertThat(intoForeign.status().stateChangeReason()).contains("HIVE_PATH_ALREADY_EXISTS", "s3://lake/" + foreign);
        assertThat(objects(foreign).keySet()).containsExactly(foreign + "notes.txt");
    }

    @Test
    void badUnloadsFailWithAClearReasonAndWriteNothing() {
        String prefix = freshPrefix("formats");

        QueryExecution missing = AthenaQueries.run(athena, "UNLOAD (SELECT 1 AS x) TO 's3://lake/" + prefix + "'");
        QueryExecution onlyCompression = AthenaQueries.run(athena, "UNLOAD (SELECT 1 AS x) TO 's3://lake/" + prefix
                + "' WITH (compression = 'SNAPPY')");
        QueryExecution csv = AthenaQueries.run(athena, "UNLOAD (SELECT 1 AS x) TO 's3://lake/" + prefix
                + "' WITH (format = 'CSV')");

        for (QueryExecution failed : List.of(missing, onlyCompression)) {
            assertThat(failed.status().state()).isEqualTo(QueryExecutionState.FAILED);
            assertThat(failed.status().stateChangeReason()).contains("UNLOAD requires the format property");
            assertThat(failed.status().athenaError().errorCategory()).isEqualTo(2);
        }
        assertThat(csv.status().state()).isEqualTo(QueryExecutionState.FAILED);
        assertThat(csv.status().stateChangeReason()).startsWith("NOT_SUPPORTED: UNLOAD format 'CSV' is not supported");
        assertThat(objects(prefix)).isEmpty();

        String bucket = "no-such-bucket-" + UUID.randomUUID();
        QueryExecution noBucket = AthenaQueries.run(athena, "UNLOAD (SELECT 1 AS x) TO 's3://" + bucket + "/out/' "
                + "WITH (format = 'PARQUET')");
        assertThat(noBucket.status().state()).isEqualTo(QueryExecutionState.FAILED);
        assertThat(noBucket.status().stateChangeReason()).contains("does not exist", "s3://" + bucket + "/out/");
    }

    @Test
    void snappyCompressionWritesSnappyPages() throws Exception {
        String prefix = freshPrefix("snappy");

        QueryExecution unload = AthenaQueries.run(athena, "UNLOAD (SELECT * FROM tpch.tiny.orders) TO 's3://lake/" + prefix
                + "' WITH (format = 'PARQUET', compression = 'SNAPPY')");

        assertSucceeded(unload);
        long rows = 0;
        for (String file : manifest(unload)) {
            FileMetaData footer = footer(file);
            rows += footer.getNum_rows();
            assertThat(codecs(footer)).containsOnly(CompressionCodec.SNAPPY);
        }
        assertThat(rows).isEqualTo(15_000);
    }

    @Test
    void executionParametersBindInsideTheUnloadedQuery() throws Exception {
        String prefix = freshPrefix("parameters");

        QueryExecution unload = AthenaQueries.run(athena, b -> b.queryString("UNLOAD (SELECT o_orderkey, o_orderstatus "
                        + "FROM tpch.tiny.orders WHERE o_orderkey < ? AND o_orderstatus = ?) TO 's3://lake/" + prefix
                        + "' WITH (format = 'PARQUET')")
                .executionParameters("1000", "'F'"));

        assertSucceeded(unload);
        long expected = Long.parseLong(AthenaQueries.jdbcRows(trino,
                "SELECT count(*) FROM tpch.tiny.orders WHERE o_orderkey < 1000 AND o_orderstatus = 'F'").get(0).get(0));
        long rows = 0;
        for (String file : manifest(unload)) {
            rows += footer(file).getNum_rows();
        }
        assertThat(rows).isEqualTo(expected).isBetween(1L, 999L);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ORC", "AVRO", "JSON", "TEXTFILE"})
    void theOtherFormatsReadBackThroughTrinosOwnReaders(String format) throws Exception {
        String prefix = freshPrefix(format.toLowerCase());
        String delimiter = "TEXTFILE".equals(format) ? ", field_delimiter = '|'" : "";
        String nation = "SELECT n_nationkey, CAST(n_name AS varchar) AS n_name, n_regionkey, CAST(n_comment AS varchar) "
                + "AS n_comment FROM tpch.tiny.nation";
        String summary = "SELECT count(*), sum(n_nationkey), to_hex(checksum(ROW(n_nationkey, n_name, n_regionkey, n_comment))) FROM ";

        QueryExecution unload = AthenaQueries.run(athena, "UNLOAD (" + nation + ") TO 's3://lake/" + prefix
                + "' WITH (format = '" + format + "'" + delimiter + ")");

        assertSucceeded(unload);
        assertThat(manifest(unload)).containsExactlyInAnyOrderElementsOf(objectUris(prefix)).isNotEmpty();
        String tableFormat = "format = '" + format + "'" + ("TEXTFILE".equals(format) ? ", textfile_field_separator = '|'" : "");
        assertThat(readBack(prefix, "n_nationkey bigint, n_name varchar, n_regionkey bigint, n_comment varchar", tableFormat,
                summary)).isEqualTo(AthenaQueries.succeededRows(athena, summary + "(" + nation + ")"));
        if ("TEXTFILE".equals(format) || "JSON".equals(format)) {
            // Athena gzips JSON and TEXTFILE: one row a line, fields split by the delimiter asked for, or a JSON object
            String line = firstLineOfGzip(manifest(unload).get(0));
            assertThat(line).matches("TEXTFILE".equals(format) ? "\\d+\\|[A-Z ]+\\|\\d\\|.*" : "\\{\"n_nationkey\":\\d+,.*\\}");
        }
    }

    @Test
    void partitionedByWritesHiveStyleFoldersAndAtMostOneHundred() {
        String prefix = freshPrefix("partitioned");

        QueryExecution unload = AthenaQueries.run(athena, "UNLOAD (SELECT n_nationkey, n_name, n_regionkey FROM tpch.tiny.nation) "
                + "TO 's3://lake/" + prefix + "' WITH (format = 'PARQUET', partitioned_by = ARRAY['n_regionkey'])");

        assertSucceeded(unload);
        List<String> files = objectUris(prefix);
        assertThat(manifest(unload)).containsExactlyInAnyOrderElementsOf(files);
        Set<String> folders = files.stream().map(f -> f.substring(("s3://lake/" + prefix).length(), f.lastIndexOf('/')))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(folders).containsExactly("n_regionkey=0", "n_regionkey=1", "n_regionkey=2", "n_regionkey=3", "n_regionkey=4");

        String tooMany = freshPrefix("partitioned-101");
        QueryExecution failed = AthenaQueries.run(athena, "UNLOAD (SELECT o_orderkey, o_orderkey % 101 AS part FROM "
                + "tpch.tiny.orders) TO 's3://lake/" + tooMany + "' WITH (format = 'PARQUET', partitioned_by = ARRAY['part'])");
        assertThat(failed.status().state()).isEqualTo(QueryExecutionState.FAILED);
        assertThat(failed.status().stateChangeReason()).startsWith("HIVE_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of 100");
    }

    @Test
    void stoppingAnUnloadCancelsItInTrinoAndNoScratchTableReachesGlue() throws Exception {
        String marker = UUID.randomUUID().toString();
        String prefix = freshPrefix("cancelled");
        Set<String> glueBefore = glueTables();
        String id = athena.startQueryExecution(b -> b.queryString("UNLOAD (SELECT * /* " + marker + " */ FROM "
                + "tpch.sf100.lineitem) TO 's3://lake/" + prefix + "' WITH (format = 'PARQUET')")).queryExecutionId();
        await().atMost(Duration.ofMinutes(1)).until(() -> "RUNNING".equals(trinoState(marker)));
        assertThat(glueTables()).isEqualTo(glueBefore);

        athena.stopQueryExecution(b -> b.queryExecutionId(id));

        assertThat(AthenaQueries.awaitDone(athena, id).status().state()).isEqualTo(QueryExecutionState.CANCELLED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(trinoState(marker)).isEqualTo("FAILED USER_CANCELED"));
        assertThat(glueTables()).isEqualTo(glueBefore);
    }

    private static String freshPrefix(String name) {
        return "unload-it/" + UUID.randomUUID() + "/" + name + "/";
    }

    private static void assertSucceeded(QueryExecution execution) {
        assertThat(execution.status().state()).as(execution.status().stateChangeReason()).isEqualTo(QueryExecutionState.SUCCEEDED);
    }

    /** The summary query over an external table of the unloaded files: Trino's own readers, not the writer's code. */
    private static List<List<String>> readBack(String prefix, String columns, String format, String summary) {
        String table = "unloaded_" + UUID.randomUUID().toString().replace("-", "");
        QueryExecution created = AthenaQueries.run(athena, b -> b.queryString("CREATE TABLE " + table + " (" + columns
                        + ") WITH (external_location = 's3://lake/" + prefix + "', " + format + ")")
                .queryExecutionContext(c -> c.database("default")));
        assertSucceeded(created);
        try {
            return AthenaQueries.succeededRows(athena, summary + "\"default\"." + table);
        } finally {
            AthenaQueries.run(athena, b -> b.queryString("DROP TABLE " + table).queryExecutionContext(c -> c.database("default")));
        }
    }

    private static List<String> manifest(QueryExecution execution) {
        String location = execution.statistics().dataManifestLocation();
        assertThat(location).isNotNull();
        String key = location.substring("s3://athena-results/".length());
        return s3.getObjectAsBytes(b -> b.bucket("athena-results").key(key)).asUtf8String().lines().toList();
    }

    private static List<S3Object> listed(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket("lake").prefix(prefix)).contents().stream().toList();
    }

    private static List<String> objectUris(String prefix) {
        return listed(prefix).stream().map(o -> "s3://lake/" + o.key()).toList();
    }

    /** Key → ETag of every object under the prefix. */
    private static Map<String, String> objects(String prefix) {
        Map<String, String> objects = new LinkedHashMap<>();
        listed(prefix).forEach(o -> objects.put(o.key(), o.eTag()));
        return objects;
    }

    /** Every "database.table" Glue holds. */
    private static Set<String> glueTables() {
        Set<String> tables = new TreeSet<>();
        for (Database database : glue.getDatabasesPaginator(b -> { }).stream().flatMap(page -> page.databaseList().stream()).toList()) {
            tables.add(database.name() + ".");
            for (Table table : glue.getTablesPaginator(b -> b.databaseName(database.name())).stream()
                    .flatMap(page -> page.tableList().stream()).toList()) {
                tables.add(database.name() + "." + table.name());
            }
        }
        return tables;
    }

    private static byte[] bytes(String uri) {
        String key = uri.substring("s3://lake/".length());
        return s3.getObjectAsBytes(b -> b.bucket("lake").key(key)).asByteArray();
    }

    private static FileMetaData footer(String uri) throws IOException {
        byte[] file = bytes(uri);
        assertThat(new String(file, file.length - 4, 4, StandardCharsets.US_ASCII)).as(uri).isEqualTo("PAR1");
        int length = ByteBuffer.wrap(file, file.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return Util.readFileMetaData(new ByteArrayInputStream(file, file.length - 8 - length, length));
    }

    private static Set<CompressionCodec> codecs(FileMetaData footer) {
        return footer.getRow_groups().stream().map(RowGroup::getColumns).flatMap(List::stream)
                .map(ColumnChunk::getMeta_data).map(m -> m.getCodec()).collect(Collectors.toSet());
    }

    /** Each top-level column's type as the footer declares it, in Athena's names. */
    private static Map<String, String> columnTypes(FileMetaData footer) {
        Map<String, String> types = new LinkedHashMap<>();
        for (SchemaElement element : footer.getSchema().subList(1, footer.getSchema().size())) {
            String type = switch (element.getType()) {
                case INT64 -> "bigint";
                case INT32 -> "integer";
                case DOUBLE -> "double";
                case BYTE_ARRAY -> "varbinary";
                default -> element.getType().name();
            };
            if (element.isSetLogicalType() && element.getLogicalType().isSetSTRING()) {
                type = "varchar";
            } else if (element.isSetLogicalType() && element.getLogicalType().isSetDATE()) {
                type = "date";
            } else if (element.isSetLogicalType() && element.getLogicalType().isSetDECIMAL()) {
                type = "decimal(" + element.getLogicalType().getDECIMAL().getPrecision() + ","
                        + element.getLogicalType().getDECIMAL().getScale() + ")";
            }
            types.put(element.getName(), type);
        }
        return types;
    }

    private static String firstLineOfGzip(String uri) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(bytes(uri))), StandardCharsets.UTF_8))) {
            return reader.readLine();
        }
    }

    private static String trinoState(String marker) throws Exception {
        try (Statement statement = trino.createStatement();
             ResultSet rows = statement.executeQuery("SELECT state, error_code FROM system.runtime.queries "
                     + "WHERE source = 'athena-devstack' AND strpos(query, '" + marker + "') > 0 AND query LIKE 'CREATE TABLE%'")) {
            if (!rows.next()) {
                return "absent";
            }
            return rows.getString(2) == null ? rows.getString(1) : rows.getString(1) + " " + rows.getString(2);
        }
    }
}
