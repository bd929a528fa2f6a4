package io.athenalake.devstack.athena;

import io.athenalake.devstack.s3.S3Location;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Query results as Athena keeps them in S3: a CSV (every value double-quoted, a null an empty
 * unquoted field, a header row for SELECTs) or, for DDL, a {@code .txt} of tab-joined lines;
 * read back page by page from a byte offset, never whole.
 */
final class ResultFiles {

    private final S3Client s3;

    ResultFiles(S3Client s3) {
        this.s3 = s3;
    }

    record Page(List<List<String>> rows, long nextOffset, boolean hasMore) {
    }

    /** Streams the result set into the query's result object; returns the columns. */
    List<QueryExecution.ColumnInfo> write(QueryExecution execution, ResultSet resultSet) throws SQLException, IOException {
        ResultSetMetaData metadata = resultSet.getMetaData();
        List<QueryExecution.ColumnInfo> columns = new ArrayList<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            columns.add(new QueryExecution.ColumnInfo(metadata.getColumnLabel(i),
                    athenaType(metadata.getColumnTypeName(i)), metadata.getPrecision(i), metadata.getScale(i),
                    metadata.getColumnTypeName(i).startsWith("varchar") || metadata.getColumnTypeName(i).startsWith("char")));
        }
        boolean ddl = execution.isDdl();
        Path file = Files.createTempFile("athena-result-", ".tmp");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                if (!ddl && execution.hasHeaderRow()) {
                    writeCsvLine(out, columns.stream().map(QueryExecution.ColumnInfo::name).toList());
                }
                List<String> values = new ArrayList<>(columns.size());
                while (resultSet.next()) {
                    values.clear();
                    for (int i = 1; i <= columns.size(); i++) {
                        values.add(render(resultSet, i));
                    }
                    if (ddl) {
                        out.write(values.stream().map(v -> v == null ? "" : v).collect(Collectors.joining("\t")));
                        out.write('\n');
                    } else {
                        writeCsvLine(out, values);
                    }
                }
            }
            S3Location location = S3Location.parse(execution.resultLocation());
            s3.putObject(b -> b.bucket(location.bucket()).key(location.key())
                    .contentType(ddl ? "text/plain" : "text/csv"), RequestBody.fromFile(file));
            s3.putObject(b -> b.bucket(location.bucket()).key(location.key() + ".metadata")
                    .contentType("application/json"), RequestBody.fromString(metadataJson(columns)));
            return columns;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Writes a result object with no rows (statements that return none, e.g. CREATE TABLE). */
    void writeEmpty(QueryExecution execution) {
        S3Location location = S3Location.parse(execution.resultLocation());
        s3.putObject(b -> b.bucket(location.bucket()).key(location.key()), RequestBody.empty());
        s3.putObject(b -> b.bucket(location.bucket()).key(location.key() + ".metadata"),
                RequestBody.fromString(metadataJson(List.of())));
    }

    /**
     * An UNLOAD's objects in the result location, as Athena names them ("Identify query output files"): the data
     * manifest {@code <id>-manifest.csv}, one {@code s3://} URI a line of each file the query wrote, and its metadata
     * {@code <id>.metadata}. Returns the manifest's URI, Athena's {@code DataManifestLocation}.
     */
    String writeManifest(QueryExecution execution, List<String> files) {
        S3Location location = S3Location.parse(execution.resultLocation());
        String manifestKey = location.key() + "-manifest.csv";
        String manifest = files.stream().map(file -> file + "\n").collect(Collectors.joining());
        s3.putObject(b -> b.bucket(location.bucket()).key(manifestKey).contentType("text/csv"),
                RequestBody.fromString(manifest, StandardCharsets.UTF_8));
        s3.putObject(b -> b.bucket(location.bucket()).key(location.key() + ".metadata").contentType("application/json"),
                RequestBody.fromString(metadataJson(List.of())));
        return "s3://" + location.bucket() + "/" + manifestKey;
    }

    /** Reads up to {@code maxRows} rows starting at {@code offset} bytes into the result object. */
    Page read(QueryExecution execution, long offset, int maxRows) {
        S3Location location = S3Location.parse(execution.resultLocation());
        boolean ddl = execution.isDdl();
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(b -> b.bucket(location.bucket())
                .key(location.key()).range("bytes=" + offset + "-"))) {
            CountingReader reader = new CountingReader(new BufferedInputStream(object, 64 * 1024), offset);
            List<List<String>> rows = new ArrayList<>();
            while (rows.size() < maxRows) {
                List<String> row = ddl ? reader.readLine() : reader.readCsvRecord();
                if (row == null) {
                    return new Page(rows, reader.position, false);
                }
                rows.add(row);
            }
            boolean more = reader.hasMore();
            object.abort();
            return new Page(rows, reader.position, more);
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 416) {
                return new Page(List.of(), offset, false);
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Athena's type names, from Trino's type signatures (Athena engine v3 is Trino). */
    static String athenaType(String trinoType) {
        String type = trinoType.toLowerCase(Locale.ROOT);
        if (type.startsWith("timestamp") && type.contains("with time zone")) {
            return "timestamp with time zone";
        }
        if (type.startsWith("time") && type.contains("with time zone")) {
            return "time with time zone";
        }
        int paren = type.indexOf('(');
        String base = paren < 0 ? type : type.substring(0, paren);
        return switch (base) {
            case "real" -> "float";
            default -> base;
        };
    }

    private static String render(ResultSet resultSet, int column) throws SQLException {
        Object value = resultSet.getObject(column);
        if (value == null) {
            return null;
        }
        if (value instanceof Array || value instanceof Map || value instanceof byte[] || value instanceof List) {
            return renderValue(value);
        }
        return resultSet.getString(column);
    }

    private static String renderValue(Object value) throws SQLException {
        if (value == null) {
            return "null";
        }
        if (value instanceof Array array) {
            return renderValue(java.util.Arrays.asList((Object[]) array.getArray()));
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object element : list) {
                parts.add(renderValue(element));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        if (value instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            for (var entry : map.entrySet()) {
                parts.add(renderValue(entry.getKey()) + "=" + renderValue(entry.getValue()));
            }
            return "{" + String.join(", ", parts) + "}";
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.ofDelimiter(" ").formatHex(bytes);
        }
        return value.toString();
    }

    private static void writeCsvLine(BufferedWriter out, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            String value = values.get(i);
            if (value != null) {
                out.write('"');
                out.write(value.replace("\"", "\"\""));
                out.write('"');
            }
        }
        out.write('\n');
    }

    private static String metadataJson(List<QueryExecution.ColumnInfo> columns) {
        try {
            return io.athenalake.devstack.aws.AwsJson.MAPPER.writeValueAsString(Map.of("ColumnInfo", columns.stream()
                    .map(c -> Map.of("Name", c.name(), "Type", c.type(), "Precision", c.precision(), "Scale", c.scale()))
                    .toList()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads CSV records (or plain lines) byte by byte, tracking the byte position so a page can
     * resume exactly where the previous one stopped. UTF-8 never puts a quote, comma or newline
     * byte inside a multi-byte character, so byte-level parsing is safe.
     */
    private static final class CountingReader {
        private final InputStream in;
        private long position;
        private int peeked = -2;

        CountingReader(InputStream in, long position) {
            this.in = in;
            this.position = position;
        }

        private int read() throws IOException {
            int b;
            if (peeked != -2) {
                b = peeked;
                peeked = -2;
            } else {
                b = in.read();
            }
            if (b >= 0) {
                position++;
            }
            return b;
        }

        private int peek() throws IOException {
            if (peeked == -2) {
                peeked = in.read();
            }
            return peeked;
        }

        boolean hasMore() throws IOException {
            return peek() >= 0;
        }

        List<String> readLine() throws IOException {
            int b = read();
            if (b < 0) {
                return null;
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (b >= 0 && b != '\n') {
                line.write(b);
                b = read();
            }
            List<String> row = new ArrayList<>(1);
            row.add(line.toString(StandardCharsets.UTF_8));
            return row;
        }

        List<String> readCsvRecord() throws IOException {
            int b = read();
            if (b < 0) {
                return null;
            }
            List<String> row = new ArrayList<>();
            ByteArrayOutputStream field = new ByteArrayOutputStream();
            boolean present = false;
            while (true) {
                if (b < 0 || b == '\n') {
                    row.add(present ? field.toString(StandardCharsets.UTF_8) : null);
                    return row;
                }
                if (b == ',') {
                    row.add(present ? field.toString(StandardCharsets.UTF_8) : null);
                    field.reset();
                    present = false;
                    b = read();
                    continue;
                }
                if (b == '"') {
                    present = true;
                    while (true) {
                        int c = read();
                        if (c < 0) {
                            throw new IOException("unterminated quoted field in result file");
                        }
                        if (c == '"') {
                            if (peek() == '"') {
                                read();
                                field.write('"');
                            } else {
                                break;
                            }
                        } else {
                            field.write(c);
                        }
                    }
                    b = read();
                    continue;
                }
                field.write(b);
                present = true;
                b = read();
            }
        }
    }
}
