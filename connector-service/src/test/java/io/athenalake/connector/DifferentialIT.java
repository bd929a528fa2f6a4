package io.athenalake.connector;

import io.athenalake.connector.corpus.Column;
import io.athenalake.connector.corpus.Corpus;
import io.athenalake.connector.corpus.CorpusTable;
import io.athenalake.connector.corpus.Predicates;
import io.athenalake.connector.testing.Lake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.DataCatalogType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test of connector-service against an independent parquet reader: Trino's own Hive connector reading
 * the same files from the same S3 stand-in. A generated corpus ({@link Corpus}: types × encodings × codecs × page
 * versions × nulls at every level × statistics, page indexes and bloom filters, and the shapes other writers produce)
 * is written to a bucket; the packaged connector is hosted on the devstack's Lambda behind a LAMBDA data catalog, as
 * Athena runs it; a Hive table is declared over each table's files. Then, per table, Trino answers the same queries
 * from both catalogs and every difference fails the build:
 * <ul>
 *   <li>the whole table, every column, as multisets of rows;</li>
 *   <li>queries that project no column ({@code count(*)}, {@code count(1)}, {@code SELECT 1});</li>
 *   <li>each column projected alone;</li>
 *   <li>every generated predicate ({@link Predicates}) — rows and counts — with the connector's pushdown on, and again
 *       with it off (the devstack's {@code pushdown_enabled} session property), so pruning changes no answer;</li>
 *   <li>columns no Hive table can declare (parquet TIME, UUID) against the writer's own values.</li>
 * </ul>
 */
class DifferentialIT {

    private static final Logger LOG = Logger.getLogger(DifferentialIT.class.getName());
    private static final String TABLES = "tables";
    /** Predicates per query: each becomes one scan per side in a UNION ALL. */
    private static final int BATCH = 24;

    static Lake lake;
    static String bucket;
    static String catalog;
    static String hiveSchema;
    static AthenaClient athena;
    static Connection trino;
    static List<CorpusTable> corpus;

    @BeforeAll
    static void writeTheCorpusAndDeclareBothCatalogs() throws Exception {
        lake = new Lake();
        bucket = lake.database("corpus");
        corpus = Corpus.tables();
        for (CorpusTable table : corpus) {
            for (CorpusTable.File file : table.files()) {
                Path local = Corpus.write(file);
                try {
                    lake.put(bucket, TABLES + "/" + table.name() + "/" + file.key(), Files.readAllBytes(local));
                } finally {
                    Files.delete(local);
                }
            }
        }
        String function = "corpus-connector-" + lake.prefix.substring(0, lake.prefix.length() - 1);
        String functionArn = lake.hostConnector(function, Map.of(
                "AWS_SECRET", lake.secretName,
                "SCHEME", "http",
                "BUCKET_PREFIX", lake.prefix,
                "TABLES_PATH", TABLES,
                "SPLIT_TARGET_BYTES", Integer.toString(1024 * 1024),
                "spill_bucket", lake.spillBucket));
        athena = lake.athena();
        catalog = "corpus_" + lake.prefix.substring(2, 8);
        athena.createDataCatalog(b -> b.name(catalog).type(DataCatalogType.LAMBDA).parameters(Map.of("function", functionArn)));

        Properties properties = new Properties();
        properties.setProperty("user", "differential-test");
        properties.setProperty("timezone", "UTC");
        trino = DriverManager.getConnection(lake.stack.trinoJdbcUrl(), properties);
        // Athena's default: Hive tables read parquet timestamps in milliseconds, rounded as the connector rounds them
        execute("SET SESSION awsdatacatalog.timestamp_precision = 'MILLISECONDS'");
        hiveSchema = "corpus_" + lake.prefix.substring(2, 8);
        execute("CREATE SCHEMA awsdatacatalog." + hiveSchema);
        for (CorpusTable table : corpus) {
            if (table.oracle().equals(table.name())) {
                declareHiveTable(table);
            }
        }
    }

    @AfterAll
    static void dropBothCatalogs() throws SQLException {
        if (trino != null) {
            for (CorpusTable table : corpus) {
                if (table.oracle().equals(table.name())) {
                    execute("DROP TABLE IF EXISTS awsdatacatalog." + hiveSchema + "." + table.name());
                }
            }
            execute("DROP SCHEMA IF EXISTS awsdatacatalog." + hiveSchema);
            trino.close();
        }
        if (athena != null) {
            athena.deleteDataCatalog(b -> b.name(catalog));
            athena.close();
        }
    }

    /**
     * Every table of the corpus; {@code -Ddifferential.tables=a,b} runs only those (a quicker loop while working on one
     * case; the build runs them all).
     */
    @TestFactory
    Stream<DynamicTest> everyTableReadsAsTrinosParquetReaderReadsIt() {
        List<String> only = List.of(System.getProperty("differential.tables", "").split(",")).stream().filter(t -> !t.isBlank()).toList();
        return corpus.stream().filter(table -> only.isEmpty() || only.contains(table.name()))
                .map(table -> DynamicTest.dynamicTest(table.name(), () -> compare(table)));
    }

    private void compare(CorpusTable table) throws SQLException {
        execute("SET SESSION awsdatacatalog.parquet_use_column_names = " + table.hiveByName());
        List<String> differences = new ArrayList<>();
        long started = System.nanoTime();

        // the whole table, and queries that project no column
        differences.addAll(diff(table, List.of("true"), true));
        differences.addAll(columnless(table));
        // each column projected alone
        differences.addAll(projections(table));
        differences.addAll(textColumns(table));

        List<String> generated = predicates(table);
        differences.addAll(everyPredicate(table, generated));
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(() -> String.format("%s: %d rows, %d predicates (pushdown on and off), %.1f s", table.name(), table.rows(),
                generated.size(), seconds));
        assertThat(differences).as("answers of the connector that differ from Trino's Hive reader on %s (predicates: %d)",
                table.name(), generated.size()).isEmpty();
    }

    // ---- the queries

    /**
     * Every predicate's answer — its row count and an order-independent checksum of its rows — three ways: the
     * connector with each predicate pushed to it (one scan per predicate), the connector without pushdown (one scan,
     * Trino filters), and Trino's Hive reader (one scan). A predicate whose answers differ is then compared row by row
     * against the Hive reader, so the failure shows the rows.
     */
    private List<String> everyPredicate(CorpusTable table, List<String> predicates) throws SQLException {
        List<Column> compared = table.columns().stream().filter(Column::inHive).toList();
        Map<Integer, List<Object>> pushed = new LinkedHashMap<>();
        for (int from = 0; from < predicates.size(); from += BATCH) {
            pushed.putAll(pushedAnswers(table, compared, predicates, from, Math.min(predicates.size(), from + BATCH)));
        }
        Map<Integer, List<Object>> filtered = filteredAnswers(table, compared, predicates, Side.CONNECTOR);
        // predicates on a column the Hive table lacks have no oracle there: the connector without pushdown is theirs
        List<String> onHive = predicates.stream().map(p -> readByHive(table, p) ? p : "false").toList();
        Map<Integer, List<Object>> hive = filteredAnswers(table, compared, onHive, Side.HIVE);
        List<String> differences = new ArrayList<>();
        for (int q = 0; q < predicates.size(); q++) {
            boolean oracle = readByHive(table, predicates.get(q));
            List<Object> expected = oracle ? hive.get(q) : filtered.get(q);
            if (!Objects.equals(pushed.get(q), expected) || !Objects.equals(filtered.get(q), expected)) {
                String answers = String.format("(rows, checksum) pushed down %s, filtered by Trino %s, %s %s", pushed.get(q),
                        filtered.get(q), oracle ? "Hive" : "(no Hive oracle)", oracle ? expected : "");
                List<String> rows = oracle ? diff(table, List.of(predicates.get(q)), !Objects.equals(pushed.get(q), expected)) : List.of();
                differences.add("WHERE " + predicates.get(q) + ": " + answers + (rows.isEmpty() ? "" : "; " + rows.get(0)));
            }
        }
        return differences;
    }

    /** Whether every column the predicate names is one the Hive table declares. */
    private static boolean readByHive(CorpusTable table, String predicate) {
        return table.columns().stream().filter(c -> !c.inHive()).noneMatch(c -> predicate.contains("{" + c.name() + "}"));
    }

    /** One scan per predicate, each pushed to the connector: (count, checksum) per predicate. */
    private Map<Integer, List<Object>> pushedAnswers(CorpusTable table, List<Column> compared, List<String> predicates, int from, int to)
            throws SQLException {
        execute("SET SESSION " + catalog + ".pushdown_enabled = true");
        String row = row(table, compared, Side.CONNECTOR);
        StringBuilder union = new StringBuilder();
        for (int q = from; q < to; q++) {
            union.append(q == from ? "" : " UNION ALL ").append("SELECT ").append(q).append(" AS q, count(*) AS n, checksum(").append(row)
                    .append(") AS h FROM ").append(connectorTable(table)).append(" WHERE ").append(spell(table, predicates.get(q), Side.CONNECTOR));
        }
        Map<Integer, List<Object>> answers = new LinkedHashMap<>();
        try (Statement statement = trino.createStatement(); ResultSet result = statement.executeQuery(union.toString())) {
            while (result.next()) {
                answers.put(result.getInt(1), List.of(result.getLong(2), String.valueOf(hex(result.getBytes(3)))));
            }
        } catch (SQLException e) {
            if (to - from == 1) {
                answers.put(from, List.of("failed: " + e.getMessage()));
            } else {
                // one failing predicate fails the batch: each alone names it
                for (int q = from; q < to; q++) {
                    answers.putAll(pushedAnswers(table, compared, predicates, q, q + 1));
                }
            }
        }
        return answers;
    }

    /** One scan of a side without pushdown; Trino evaluates every predicate: (count, checksum) per predicate. */
    private Map<Integer, List<Object>> filteredAnswers(CorpusTable table, List<Column> compared, List<String> predicates, Side side)
            throws SQLException {
        execute("SET SESSION " + catalog + ".pushdown_enabled = false");
        String row = row(table, compared, side);
        List<String> aggregates = new ArrayList<>();
        for (String predicate : predicates) {
            String where = spell(table, predicate, side);
            aggregates.add("count(*) FILTER (WHERE " + where + ")");
            aggregates.add("checksum(" + row + ") FILTER (WHERE " + where + ")");
        }
        String source = side == Side.CONNECTOR ? connectorTable(table) : hiveTable(table);
        Map<Integer, List<Object>> answers = new LinkedHashMap<>();
        try (Statement statement = trino.createStatement();
             ResultSet result = statement.executeQuery("SELECT " + String.join(", ", aggregates) + " FROM " + source)) {
            result.next();
            for (int q = 0; q < predicates.size(); q++) {
                answers.put(q, List.of(result.getLong(2 * q + 1), String.valueOf(hex(result.getBytes(2 * q + 2)))));
            }
        } catch (SQLException e) {
            for (int q = 0; q < predicates.size(); q++) {
                answers.put(q, List.of("failed: " + e.getMessage()));
            }
        } finally {
            execute("SET SESSION " + catalog + ".pushdown_enabled = true");
        }
        return answers;
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? null : java.util.HexFormat.of().formatHex(bytes);
    }

    /**
     * One query comparing, for each predicate, the rows both catalogs return: grouped by every compared column, the
     * rows whose count differs between the sides. Returns one line per differing predicate.
     */
    private List<String> diff(CorpusTable table, List<String> predicates, boolean pushdown) throws SQLException {
        execute("SET SESSION " + catalog + ".pushdown_enabled = " + pushdown);
        List<Column> compared = table.columns().stream().filter(Column::inHive).toList();
        String connectorRow = row(table, compared, Side.CONNECTOR);
        String hiveRow = row(table, compared, Side.HIVE);
        StringBuilder union = new StringBuilder();
        for (int q = 0; q < predicates.size(); q++) {
            if (q > 0) {
                union.append("\n UNION ALL ");
            }
            union.append("SELECT ").append(q).append(" AS q, 'c' AS side, ").append(connectorRow).append(" AS r FROM ")
                    .append(connectorTable(table)).append(" WHERE ").append(spell(table, predicates.get(q), Side.CONNECTOR))
                    .append("\n UNION ALL SELECT ").append(q).append(", 'h', ").append(hiveRow).append(" FROM ")
                    .append(hiveTable(table)).append(" WHERE ").append(spell(table, predicates.get(q), Side.HIVE));
        }
        String sql = "SELECT q, sum(c) AS connector_rows, sum(h) AS hive_rows, count_if(c <> h) AS differing, "
                + "slice(array_agg(CAST(ROW(c, h) AS ROW(connector bigint, hive bigint))) FILTER (WHERE c <> h), 1, 3) AS counts, "
                + "slice(array_agg(r) FILTER (WHERE c <> h), 1, 3) AS rows "
                + "FROM (SELECT q, r, count_if(side = 'c') AS c, count_if(side = 'h') AS h FROM (" + union + ") GROUP BY q, r) "
                + "GROUP BY q ORDER BY q";
        List<String> differences = new ArrayList<>();
        boolean[] answered = new boolean[predicates.size()];
        try (Statement statement = trino.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                int q = result.getInt("q");
                answered[q] = true;
                if (result.getLong("differing") > 0) {
                    differences.add(String.format("[pushdown %s] WHERE %s: connector %d rows, Hive %d rows; e.g. %s counts %s",
                            pushdown ? "on" : "off", predicates.get(q), result.getLong("connector_rows"), result.getLong("hive_rows"),
                            result.getObject("rows"), result.getObject("counts")));
                }
            }
        } catch (SQLException e) {
            return List.of("[pushdown " + (pushdown ? "on" : "off") + "] the query failed: " + e.getMessage()
                    + " — predicates " + predicates);
        }
        return differences;
    }

    /** count(*), count(1) and SELECT 1 — the connector reads no column — and each column's count of values. */
    private List<String> columnless(CorpusTable table) throws SQLException {
        execute("SET SESSION " + catalog + ".pushdown_enabled = true");
        List<String> counts = new ArrayList<>(List.of("count(*)", "count(1)", "sum(1)"));
        String connector = "SELECT " + String.join(", ", counts) + " FROM " + connectorTable(table);
        String hive = "SELECT " + String.join(", ", counts) + " FROM " + hiveTable(table);
        List<String> differences = new ArrayList<>();
        try {
            List<Object> expected = single(hive);
            List<Object> actual = single(connector);
            if (!expected.equals(actual)) {
                differences.add("count(*), count(1), sum(1): connector " + actual + ", Hive " + expected);
            }
            long ones = single("SELECT count(*) FROM (SELECT 1 FROM " + connectorTable(table) + ")").get(0) instanceof Long n ? n : -1;
            if (ones != table.rows()) {
                differences.add("SELECT 1 FROM the table: " + ones + " rows, the files hold " + table.rows());
            }
        } catch (SQLException e) {
            differences.add("a query without columns failed: " + e.getMessage());
        }
        return differences;
    }

    /** Each column alone: the connector reads only that column. */
    private List<String> projections(CorpusTable table) throws SQLException {
        execute("SET SESSION " + catalog + ".pushdown_enabled = true");
        List<String> differences = new ArrayList<>();
        List<Column> compared = table.columns().stream().filter(Column::inHive).toList();
        StringBuilder union = new StringBuilder();
        for (int i = 0; i < compared.size(); i++) {
            Column column = compared.get(i);
            if (i > 0) {
                union.append(" UNION ALL ");
            }
            union.append("SELECT ").append(i).append(" AS q, 'c' AS side, ").append(hash(column, Side.CONNECTOR, table)).append(" AS v, ")
                    .append("count(").append(ref(table, column, Side.CONNECTOR)).append(") AS n FROM ").append(connectorTable(table))
                    .append(" UNION ALL SELECT ").append(i).append(", 'h', ").append(hash(column, Side.HIVE, table)).append(", count(")
                    .append(ref(table, column, Side.HIVE)).append(") FROM ").append(hiveTable(table));
        }
        String sql = "SELECT q, max(v) FILTER (WHERE side = 'c'), max(v) FILTER (WHERE side = 'h'), "
                + "max(n) FILTER (WHERE side = 'c'), max(n) FILTER (WHERE side = 'h') FROM (" + union + ") GROUP BY q ORDER BY q";
        try (Statement statement = trino.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                Column column = compared.get(result.getInt(1));
                String connector = hex(result.getBytes(2));
                String hive = hex(result.getBytes(3));
                if (!Objects.equals(connector, hive) || result.getLong(4) != result.getLong(5)) {
                    differences.add("the column " + column.name() + " alone: connector " + result.getLong(4) + " values (checksum "
                            + connector + "), Hive " + result.getLong(5) + " (checksum " + hive + ")");
                }
            }
        } catch (SQLException e) {
            differences.add("projecting single columns failed: " + e.getMessage());
        }
        return differences;
    }

    /** Columns a Hive table cannot declare, against the writer's values, row by row (the key column is the row number). */
    private List<String> textColumns(CorpusTable table) throws SQLException {
        List<Column> text = table.columns().stream().filter(c -> !c.inHive()).toList();
        if (text.isEmpty()) {
            return List.of();
        }
        Column key = table.columns().get(0);
        String sql = "SELECT " + key.sqlName() + ", " + text.stream().map(Column::sqlName).collect(Collectors.joining(", "))
                + " FROM " + connectorTable(table);
        List<String> differences = new ArrayList<>();
        Map<Long, List<String>> shown = new LinkedHashMap<>();
        try (Statement statement = trino.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < text.size(); i++) {
                    values.add(result.getString(i + 2));
                }
                shown.put(result.getLong(1), values);
            }
        } catch (SQLException e) {
            return List.of("reading " + text.stream().map(Column::name).toList() + " failed: " + e.getMessage());
        }
        for (CorpusTable.File file : table.files()) {
            for (int row = file.fromRow(); row < file.toRow(); row++) {
                List<String> values = shown.get((long) row);
                for (int i = 0; i < text.size(); i++) {
                    Column column = text.get(i);
                    Object value = column.values().apply(row);
                    String expected = value == null ? null : column.text().apply(value);
                    String actual = values == null ? "<row missing>" : values.get(i);
                    if (!Objects.equals(expected, actual) && differences.size() < 10) {
                        differences.add(column.name() + " of row " + row + ": connector '" + actual + "', the file holds '" + expected + "'");
                    }
                }
            }
        }
        return differences;
    }

    private static List<String> predicates(CorpusTable table) {
        List<String> predicates = new ArrayList<>();
        Column key = table.columns().get(0);
        List<Integer> rows = new ArrayList<>();
        table.files().forEach(file -> IntStream.range(file.fromRow(), file.toRow()).forEach(rows::add));
        for (Column column : table.columns()) {
            if (column.literal().kind() == io.athenalake.connector.corpus.Literal.Kind.NONE) {
                // no literal of its type (nested, TIME, UUID): its null tests only
                predicates.add("{" + column.name() + "} IS NULL");
                if (table.predicates() != Predicates.Depth.NULLS) {
                    predicates.add("{" + column.name() + "} IS NOT NULL");
                }
                continue;
            }
            List<Object> values = rows.stream().map(row -> column.values().apply(row)).toList();
            predicates.addAll(Predicates.on(column, values, table.predicates()));
            if (column != key && table.predicates() == Predicates.Depth.EVERY) {
                predicates.addAll(Predicates.across(column, key, rows.size()));
            }
        }
        if (table.partitionKey() != null) {
            String dt = "{" + table.partitionKey() + "}";
            List<String> values = table.files().stream().map(CorpusTable.File::partitionValue).distinct().sorted().toList();
            predicates.addAll(List.of(dt + " = '" + values.get(1) + "'", dt + " IN ('" + values.get(0) + "', '" + values.get(2) + "')",
                    dt + " > '" + values.get(1) + "'", dt + " IS NULL", dt + " IS NOT NULL", "(" + dt + " < '" + values.get(2) + "' OR "
                            + dt + " IS NULL)", dt + " = 'none'", dt + " = '" + values.get(1) + "' AND {v} IS NULL",
                    dt + " <> '" + values.get(0) + "' AND {v} > INTEGER '500'"));
        }
        return predicates;
    }

    // ---- spelling both sides

    private enum Side { CONNECTOR, HIVE }

    private static String connectorTable(CorpusTable table) {
        return "\"" + catalog + "\".\"" + bucket + "\".\"" + table.name() + "\"";
    }

    private static String hiveTable(CorpusTable table) {
        return "awsdatacatalog.\"" + hiveSchema + "\".\"" + table.oracle() + "\"";
    }

    /** The column as a side names it: Athena's lower-case name, or the Hive table's positional name. */
    private static String ref(CorpusTable table, Column column, Side side) {
        if (side == Side.HIVE && !table.hiveByName()) {
            return "c" + table.columns().indexOf(column);
        }
        return column.sqlName();
    }

    private static String row(CorpusTable table, List<Column> columns, Side side) {
        List<String> fields = new ArrayList<>();
        for (Column column : columns) {
            fields.add(String.format(column.compared(), ref(table, column, side)));
        }
        if (table.partitionKey() != null) {
            fields.add(table.partitionKey());
        }
        return "ROW(" + String.join(", ", fields) + ")";
    }

    /** An order-independent checksum of a column's values (NaN, -0.0 and nulls included). */
    private static String hash(Column column, Side side, CorpusTable table) {
        return "checksum(" + String.format(column.compared(), ref(table, column, side)) + ")";
    }

    private static String spell(CorpusTable table, String predicate, Side side) {
        String spelled = predicate;
        for (Column column : table.columns()) {
            spelled = spelled.replace("{" + column.name() + "}", ref(table, column, side));
        }
        if (table.partitionKey() != null) {
            spelled = spelled.replace("{" + table.partitionKey() + "}", table.partitionKey());
        }
        return spelled;
    }

    private static void declareHiveTable(CorpusTable table) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
            Column column = table.columns().get(i);
            if (column.inHive()) {
                String name = table.hiveByName() ? column.sqlName() : "c" + i;
                columns.add(name + " " + column.hiveType());
            }
        }
        if (table.partitionKey() != null) {
            columns.add(table.partitionKey() + " varchar");
        }
        String location = "s3://" + bucket + "/" + TABLES + "/" + table.name() + "/";
        execute("CREATE TABLE awsdatacatalog." + hiveSchema + ".\"" + table.name() + "\" (" + String.join(", ", columns)
                + ") WITH (external_location = '" + location + "', format = 'PARQUET'"
                + (table.partitionKey() == null ? "" : ", partitioned_by = ARRAY['" + table.partitionKey() + "']") + ")");
        if (table.partitionKey() != null) {
            execute("CALL awsdatacatalog.system.sync_partition_metadata('" + hiveSchema + "', '" + table.name() + "', 'ADD')");
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Statement statement = trino.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<Object> single(String sql) throws SQLException {
        try (Statement statement = trino.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as(sql).isTrue();
            List<Object> values = new ArrayList<>();
            for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                values.add(result.getObject(i));
            }
            return values;
        }
    }
}
