package io.athenalake.query.results;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.athenalake.query.athena.AthenaCalls;
import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.QueryNotSucceededException;
import io.athenalake.query.athena.QueryStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A finished query's result: typed pages through GetQueryResults, or the whole result streamed from
 * its object in S3 (as CSV byte for byte, or as JSON lines) with one row in memory at a time.
 */
@ApplicationScoped
public class QueryResults {

    public static final int MAX_PAGE_SIZE = 1000;
    private static final Logger LOG = Logger.getLogger(QueryResults.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final AthenaClient athena;
    private final AthenaCalls calls;
    private final AthenaQueries queries;
    private final S3Client s3;

    QueryResults(AthenaClient athena, AthenaCalls calls, AthenaQueries queries, S3Client s3) {
        this.athena = athena;
        this.calls = calls;
        this.queries = queries;
        this.s3 = s3;
    }

    /**
     * One page of typed rows. Athena puts the column labels as a first row on the first page of a
     * SELECT's result; that row is not data and is left out.
     */
    public ResultPage page(String queryExecutionId, int pageSize, String nextToken) {
        return page(queryExecutionId, pageSize, nextToken, nextToken == null ? succeeded(queryExecutionId) : null);
    }

    /** A page of a query whose status the caller already has (the first page needs it for the header row). */
    public ResultPage page(String queryExecutionId, int pageSize, String nextToken, QueryStatus knownStatus) {
        boolean firstPage = nextToken == null;
        boolean headerRow = false;
        if (firstPage) {
            QueryStatus status = knownStatus.succeeded() ? knownStatus : succeeded(queryExecutionId);
            headerRow = "DML".equals(status.statementType());
        }
        int maxResults = Math.min(MAX_PAGE_SIZE, headerRow ? pageSize + 1 : pageSize);
        GetQueryResultsResponse response = calls.aboutQuery(queryExecutionId, () -> athena.getQueryResults(r -> r
                .queryExecutionId(queryExecutionId).maxResults(maxResults).nextToken(nextToken)));
        List<Column> columns = columns(response.resultSet().resultSetMetadata().columnInfo());
        List<Row> rows = response.resultSet().rows();
        int first = headerRow && !rows.isEmpty() && isHeader(rows.get(0), columns) ? 1 : 0;
        List<List<Object>> typed = new ArrayList<>(rows.size());
        for (Row row : rows.subList(first, rows.size())) {
            List<Object> values = new ArrayList<>(columns.size());
            List<Datum> data = row.data();
            for (int i = 0; i < columns.size(); i++) {
                String text = i < data.size() ? data.get(i).varCharValue() : null;
                values.add(AthenaValues.convert(columns.get(i).type(), text));
            }
            typed.add(values);
        }
        return new ResultPage(queryExecutionId, columns, typed, response.nextToken());
    }

    /** An open result: check the query and open its object before any byte of the answer is sent. */
    public record OpenResult(String queryExecutionId, List<Column> columns, InputStream content) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            content.close();
        }
    }

    /** Opens the result object of a succeeded query; with {@code withColumns}, also reads its column types. */
    public OpenResult open(String queryExecutionId, boolean withColumns) {
        S3Location location = resultObject(queryExecutionId);
        List<Column> columns = withColumns ? columns(calls.aboutQuery(queryExecutionId, () -> athena.getQueryResults(r -> r
                .queryExecutionId(queryExecutionId).maxResults(1))).resultSet().resultSetMetadata().columnInfo()) : List.of();
        return new OpenResult(queryExecutionId, columns, open(location));
    }

    /** The result object, byte for byte as Athena wrote it (CSV with a header row). */
    public static void writeCsv(OpenResult result, OutputStream out) throws IOException {
        try (result) {
            result.content().transferTo(out);
        }
    }

    /** One JSON object per row, typed by the result metadata, converted as the object streams. */
    public static void writeJsonLines(OpenResult result, OutputStream out) throws IOException {
        List<Column> columns = result.columns();
        try (result; JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            CsvRowReader csv = new CsvRowReader(new BufferedReader(
                    new InputStreamReader(result.content(), StandardCharsets.UTF_8), 64 * 1024));
            List<String> row = csv.next(); // Athena's header row
            long rows = 0;
            while ((row = csv.next()) != null) {
                json.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    json.writeFieldName(columns.get(i).name());
                    writeValue(json, AthenaValues.convert(columns.get(i).type(), i < row.size() ? row.get(i) : null));
                }
                json.writeEndObject();
                json.writeRaw('\n');
                if (++rows % 1000 == 0) {
                    json.flush();
                }
            }
        }
    }

    /** Deletes the result object and its {@code .metadata}; the query stays in Athena's history. */
    public List<String> delete(String queryExecutionId) {
        QueryStatus status = queries.status(queryExecutionId);
        if (!status.finished()) {
            throw new QueryNotSucceededException(status);
        }
        if (status.outputLocation() == null) {
            return List.of();
        }
        S3Location data = S3Location.parse(status.outputLocation());
        List<String> deleted = new ArrayList<>();
        for (String key : List.of(data.key(), data.key() + ".metadata")) {
            s3.deleteObject(r -> r.bucket(data.bucket()).key(key));
            deleted.add(new S3Location(data.bucket(), key).toString());
        }
        LOG.infof("Deleted the result objects of query %s", queryExecutionId);
        return deleted;
    }

    private S3Location resultObject(String queryExecutionId) {
        QueryStatus status = succeeded(queryExecutionId);
        if (status.outputLocation() == null) {
            throw new QueryNotSucceededException(status);
        }
        return S3Location.parse(status.outputLocation());
    }

    private ResponseInputStream<GetObjectResponse> open(S3Location location) {
        try {
            return s3.getObject(r -> r.bucket(location.bucket()).key(location.key()));
        } catch (NoSuchKeyException e) {
            throw new ResultGoneException(location);
        }
    }

    private QueryStatus succeeded(String queryExecutionId) {
        QueryStatus status = queries.status(queryExecutionId);
        if (!status.succeeded()) {
            throw new QueryNotSucceededException(status);
        }
        return status;
    }

    private static boolean isHeader(Row row, List<Column> columns) {
        if (row.data().size() != columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (!Objects.equals(row.data().get(i).varCharValue(), columns.get(i).name())) {
                return false;
            }
        }
        return true;
    }

    private static List<Column> columns(List<ColumnInfo> info) {
        return info.stream().map(c -> new Column(c.name(), c.type(), c.precision(), c.scale(),
                c.nullable() == null ? null : !"NOT_NULL".equals(c.nullableAsString()))).toList();
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Long l) {
            json.writeNumber(l);
        } else if (value instanceof Double d) {
            json.writeNumber(d);
        } else if (value instanceof BigDecimal d) {
            json.writeNumber(d);
        } else {
            json.writeString(value.toString());
        }
    }
}
