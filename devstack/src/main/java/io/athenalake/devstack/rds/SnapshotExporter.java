package io.athenalake.devstack.rds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a snapshot export the way RDS lays it out: every table (or the {@code ExportOnly} ones)
 * as parquet under {@code <export-id>/<db>/<schema.table>/1/part-*.parquet}, plus
 * {@code export_info_<id>.json} and {@code export_tables_info_<id>_from_1_to_<n>.json}. The parquet
 * files are written by Trino (CTAS from its PostgreSQL catalog into an external location), so
 * the devstack needs no parquet writer of its own.
 */
final class SnapshotExporter {

    /** Types Trino's Hive writer stores as they are; anything else is exported as text. */
    private static final Set<String> WRITABLE = Set.of("boolean", "tinyint", "smallint", "integer", "bigint", "real",
            "double", "date", "varbinary");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Table(String schema, String name) {
        String qualified() {
            return schema + "." + name;
        }
    }

    private final String trinoJdbcUrl;
    private final String postgresJdbcUrl;
    private final String postgresUser;
    private final String postgresPassword;
    private final String databaseName;
    private final S3Client s3;

    SnapshotExporter(String trinoJdbcUrl, String postgresJdbcUrl, String postgresUser, String postgresPassword,
                     String databaseName, S3Client s3) {
        this.trinoJdbcUrl = trinoJdbcUrl;
        this.postgresJdbcUrl = postgresJdbcUrl;
        this.postgresUser = postgresUser;
        this.postgresPassword = postgresPassword;
        this.databaseName = databaseName;
        this.s3 = s3;
    }

    List<Table> tables() throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (Connection postgres = postgres(); Statement statement = postgres.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_schema, table_name FROM information_schema.tables "
                     + "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') "
                     + "ORDER BY 1, 2")) {
            while (rows.next()) {
                tables.add(new Table(rows.getString(1), rows.getString(2)));
            }
        }
        return tables;
    }

    /** The tables an {@code ExportOnly} list selects: {@code db}, {@code db.schema} or {@code db.schema.table} entries. */
    List<Table> selected(List<String> exportOnly) throws SQLException {
        List<Table> all = tables();
        if (exportOnly.isEmpty()) {
            return all;
        }
        return all.stream().filter(table -> exportOnly.stream().anyMatch(entry -> {
            String[] parts = entry.split("\\.");
            return parts[0].equals(databaseName)
                    && (parts.length < 2 || parts[1].equals(table.schema()))
                    && (parts.length < 3 || parts[2].equals(table.name()));
        })).toList();
    }

    /** Runs the whole export; throws on failure. Returns false if it was cancelled part-way. */
    boolean export(ExportTask task) throws Exception {
        List<Table> tables = selected(task.exportOnly);
        ArrayNode perTable = JSON.createArrayNode();
        String staging = "devstack_export_" + UUID.randomUUID().toString().replace("-", "");
        long bytes = 0;
        try (Connection trino = trino(); Statement statement = trino.createStatement()) {
            statement.execute("CREATE SCHEMA awsdatacatalog." + staging);
            try {
                for (int i = 0; i < tables.size(); i++) {
                    if (task.cancelRequested()) {
                        return false;
                    }
                    Table table = tables.get(i);
                    long started = System.currentTimeMillis();
                    String folder = task.root() + databaseName + "/" + table.qualified() + "/1/";
                    long rows = writeTable(statement, staging, table, "s3://" + task.bucket + "/" + folder);
                    long tableBytes = renameParts(task.bucket, folder);
                    bytes += tableBytes;
                    ObjectNode status = tableStatus(table, rows, tableBytes, started);
                    if (task.tableFails(status.path("target").asText())) {
                        status.put("status", "FAILED");
                    }
                    perTable.add(status);
                    task.progress((int) (100.0 * (i + 1) / Math.max(1, tables.size())), bytes);
                }
            } finally {
                statement.execute("DROP SCHEMA IF EXISTS awsdatacatalog." + staging + " CASCADE");
            }
        }
        writeManifests(task, perTable, bytes);
        return true;
    }

    private long writeTable(Statement trino, String staging, Table table, String location) throws SQLException {
        List<String> select = new ArrayList<>();
        try (PreparedStatement columns = trino.getConnection().prepareStatement("SELECT column_name, data_type "
                + "FROM postgresql.information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            columns.setString(1, table.schema());
            columns.setString(2, table.name());
            try (ResultSet rows = columns.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    String type = rows.getString(2).toLowerCase(Locale.ROOT);
                    String quoted = "\"" + name.replace("\"", "\"\"") + "\"";
                    boolean keep = WRITABLE.contains(type) || type.startsWith("decimal") || type.startsWith("varchar")
                            || type.startsWith("char");
                    if (type.startsWith("timestamp(") && !type.contains("with time zone")) {
                        // the lake's Hive tables hold millisecond timestamps, as Athena reads them
                        select.add("CAST(" + quoted + " AS timestamp(3)) AS " + quoted);
                    } else {
                        select.add(keep ? quoted : "CAST(" + quoted + " AS varchar) AS " + quoted);
                    }
                }
            }
        }
        String target = "awsdatacatalog." + staging + ".\"t_" + UUID.randomUUID().toString().replace("-", "") + "\"";
        int rows = trino.executeUpdate("CREATE TABLE " + target + " WITH (format = 'PARQUET', external_location = '"
                + location + "') AS SELECT " + String.join(", ", select) + " FROM postgresql.\""
                + table.schema().replace("\"", "\"\"") + "\".\"" + table.name().replace("\"", "\"\"") + "\"");
        trino.execute("DROP TABLE " + target);
        return rows;
    }

    /** Gives Trino's output files RDS's names ({@code part-00000-<uuid>-c000.parquet}); returns their bytes. */
    private long renameParts(String bucket, String folder) {
        long bytes = 0;
        int n = 0;
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder)).contents()) {
            String name = object.key().substring(folder.length());
            if (name.startsWith("part-")) {
                bytes += object.size();
                continue;
            }
            String target = folder + String.format("part-%05d-%s-c000.parquet", n++, UUID.randomUUID());
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(object.key()).destinationBucket(bucket).destinationKey(target));
            s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
            bytes += object.size();
        }
        return bytes;
    }

    private ObjectNode tableStatus(Table table, long rows, long bytes, long started) throws SQLException {
        ObjectNode status = JSON.createObjectNode();
        ObjectNode statistics = status.putObject("tableStatistics");
        statistics.put("extractionStartTime", java.time.Instant.ofEpochMilli(started).toString())
                .put("extractionEndTime", java.time.Instant.now().toString())
                .put("rowCount", rows);
        statistics.putObject("partitioningInfo").put("numberOfPartitions", 1).put("numberOfCompletedPartitions", 1);
        ArrayNode mappings = status.putObject("schemaMetadata").putArray("originalTypeMappings");
        try (Connection postgres = postgres(); PreparedStatement columns = postgres.prepareStatement(
                "SELECT column_name, data_type, coalesce(character_maximum_length, 0), coalesce(numeric_precision, 0), "
                        + "coalesce(numeric_scale, 0), coalesce(datetime_precision, 0) FROM information_schema.columns "
                        + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            columns.setString(1, table.schema());
            columns.setString(2, table.name());
            try (ResultSet rs = columns.executeQuery()) {
                while (rs.next()) {
                    mappings.addObject()
                            .put("columnName", rs.getString(1))
                            .put("originalType", rs.getString(2))
                            .put("expectedExportedType", exportedType(rs.getString(2)))
                            .put("originalCharMaxLength", rs.getInt(3))
                            .put("originalNumPrecision", rs.getInt(4))
                            .put("originalNumScale", rs.getInt(5))
                            .put("originalDateTimePrecision", rs.getInt(6));
                }
            }
        }
        status.put("status", "COMPLETE").put("sizeGB", bytes / 1e9).put("target", databaseName + "." + table.qualified());
        return status;
    }

    private static String exportedType(String postgresType) {
        return switch (postgresType) {
            case "smallint", "integer" -> "int32";
            case "bigint" -> "int64";
            case "real" -> "float";
            case "double precision" -> "double";
            case "boolean" -> "boolean";
            case "numeric" -> "decimal";
            case "date" -> "date";
            case "timestamp without time zone" -> "timestamp";
            case "bytea" -> "binary";
            default -> "binary (UTF8)";
        };
    }

    private void writeManifests(ExportTask task, ArrayNode perTable, long bytes) throws Exception {
        int n = perTable.size();
        ObjectNode tablesInfo = JSON.createObjectNode();
        tablesInfo.set("perTableStatus", perTable);
        put(task.bucket, task.root() + "export_tables_info_" + task.identifier + "_from_1_to_" + n + ".json", tablesInfo);

        ObjectNode info = JSON.createObjectNode()
                .put("exportTaskIdentifier", task.identifier)
                .put("sourceArn", task.snapshot.arn())
                .put("snapshotTime", task.snapshot.created().toString())
                .put("taskStartTime", task.started.toString())
                .put("taskEndTime", java.time.Instant.now().toString())
                .put("s3Bucket", task.bucket)
                .put("s3Prefix", task.prefix == null ? "" : task.prefix)
                .put("exportedFilesPath", task.root())
                .put("iamRoleArn", task.iamRoleArn)
                .put("kmsKeyId", task.kmsKeyId)
                .put("status", "COMPLETE")
                .put("percentProgress", 100)
                .put("totalExportedDataInGB", bytes / 1e9)
                .put("totalTables", n);
        ArrayNode exportOnly = info.putArray("exportOnly");
        task.exportOnly.forEach(exportOnly::add);
        ArrayNode tables = info.putArray("tables");
        perTable.forEach(t -> tables.add(t.get("target").asText()));
        put(task.bucket, task.root() + "export_info_" + task.identifier + ".json", info);
    }

    private void put(String bucket, String key, ObjectNode document) throws Exception {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"),
                RequestBody.fromBytes(JSON.writeValueAsBytes(document)));
    }

    private Connection trino() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "rds-export");
        return DriverManager.getConnection(trinoJdbcUrl, properties);
    }

    private Connection postgres() throws SQLException {
        return DriverManager.getConnection(postgresJdbcUrl, postgresUser, postgresPassword);
    }
}
