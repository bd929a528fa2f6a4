package io.athenalake.query.results;

import io.athenalake.query.athena.AthenaCalls;
import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.InvalidQueryRequestException;
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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A finished query's result: typed pages (through GetQueryResults, or from the parquet files of a parquet result),
 * or the whole result's rows streamed from its objects in S3 ({@link ResultRows}) with one row in memory at a time
 * (a parquet result: one row group).
 */
@ApplicationScoped
public class QueryResults {

    public static final int MAX_PAGE_SIZE = 1000;
    private static final String PARQUET_TOKEN = "parquet:";
    private static final Logger LOG = Logger.getLogger(QueryResults.class);

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

    /**
     * A page of a parquet result: the rows after the offset its token carries ({@code parquet:<rows before>}), read
     * from the files in the manifest's order, passing over whole row groups without reading them.
     */
    private ResultPage parquetPage(QueryStatus status, int pageSize, String nextToken) {
        long offset = 0;
        if (!status.parquet()) {
            throw InvalidQueryRequestException.of("nextToken", "must be a token from a previous page of this query");
        }
        if (nextToken != null) {
            try {
                offset = Long.parseLong(nextToken.substring(PARQUET_TOKEN.length()));
            } catch (NumberFormatException e) {
                offset = -1;
            }
            if (offset < 0) {
                throw InvalidQueryRequestException.of("nextToken", "must be a token from a previous page");
            }
        }
        try (ResultRows rows = parquetRows(status, offset)) {
            List<List<Object>> page = new ArrayList<>(pageSize);
            List<Object> row;
            while (page.size() < pageSize && (row = rows.next()) != null) {
                page.add(row);
            }
            boolean more = page.size() == pageSize && rows.next() != null;
            return new ResultPage(status.queryExecutionId(), rows.columns(), page,
                    more ? PARQUET_TOKEN + (offset + page.size()) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the parquet result of " + status.queryExecutionId() + " failed", e);
        }
    }

    /** A page of a query whose status the caller already has (the first page needs it for the header row). */
    public ResultPage page(String queryExecutionId, int pageSize, String nextToken, QueryStatus knownStatus) {
        if (nextToken != null && nextToken.startsWith(PARQUET_TOKEN) || knownStatus != null && knownStatus.parquet()) {
            return parquetPage(knownStatus != null && knownStatus.succeeded() ? knownStatus : succeeded(queryExecutionId),
                    pageSize, nextToken);
        }
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

    /**
     * The rows of a succeeded query, opened (its object, or its first parquet file's footer, read) before any byte of
     * an answer is sent, so a result that is gone is an error, not a truncated download.
     */
    public ResultRows rows(String queryExecutionId) {
        QueryStatus status = succeeded(queryExecutionId);
        if (status.parquet()) {
            try {
                return parquetRows(status, 0);
            } catch (IOException e) {
                throw new UncheckedIOException("Reading the parquet result of " + queryExecutionId + " failed", e);
            }
        }
        return new CsvResultRows(() -> columns(calls.aboutQuery(queryExecutionId, () -> athena.getQueryResults(r -> r
                .queryExecutionId(queryExecutionId).maxResults(1))).resultSet().resultSetMetadata().columnInfo()),
                open(resultObject(status)));
    }

    private ParquetResultRows parquetRows(QueryStatus status, long skipRows) throws IOException {
        return new ParquetResultRows(s3, parquetFiles(status), skipRows);
    }

    /**
     * The data files of a parquet result: those Athena's manifest lists (one {@code s3://} URI per line), in its
     * order, with their sizes from one listing of the result's folder.
     */
    private List<ParquetResultRows.ResultFile> parquetFiles(QueryStatus status) {
        if (status.dataManifestLocation() == null) {
            throw new ResultGoneException(S3Location.parse(status.parquetLocation() + "manifest"));
        }
        S3Location manifest = S3Location.parse(status.dataManifestLocation());
        List<String> uris = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(open(manifest), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    uris.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the manifest " + manifest + " failed", e);
        }
        S3Location folder = S3Location.parse(status.parquetLocation());
        Map<String, Long> sizes = new HashMap<>();
        s3.listObjectsV2Paginator(r -> r.bucket(folder.bucket()).prefix(folder.key())).contents()
                .forEach(object -> sizes.put("s3://" + folder.bucket() + "/" + object.key(), object.size()));
        List<ParquetResultRows.ResultFile> files = new ArrayList<>(uris.size());
        for (String uri : uris) {
            Long size = sizes.get(uri);
            if (size == null) {
                throw new ResultGoneException(S3Location.parse(uri));
            }
            files.add(new ParquetResultRows.ResultFile(S3Location.parse(uri), size));
        }
        return files;
    }

    /**
     * Deletes the result: Athena's result object and its {@code .metadata}, and for a parquet result its data files
     * and manifest too. The query stays in Athena's history.
     */
    public List<String> delete(String queryExecutionId) {
        QueryStatus status = queries.status(queryExecutionId);
        if (!status.finished()) {
            throw new QueryNotSucceededException(status);
        }
        List<S3Location> objects = new ArrayList<>();
        if (status.outputLocation() != null) {
            S3Location data = S3Location.parse(status.outputLocation());
            objects.add(data);
            objects.add(new S3Location(data.bucket(), data.key() + ".metadata"));
        }
        if (status.parquet()) {
            if (status.dataManifestLocation() != null) {
                objects.add(S3Location.parse(status.dataManifestLocation()));
            }
            S3Location folder = S3Location.parse(status.parquetLocation());
            s3.listObjectsV2Paginator(r -> r.bucket(folder.bucket()).prefix(folder.key())).contents()
                    .forEach(object -> objects.add(new S3Location(folder.bucket(), object.key())));
        }
        List<String> deleted = new ArrayList<>();
        for (S3Location object : objects) {
            s3.deleteObject(r -> r.bucket(object.bucket()).key(object.key()));
            deleted.add(object.toString());
        }
        LOG.infof("Deleted the %d result objects of query %s", deleted.size(), queryExecutionId);
        return deleted;
    }

    private static S3Location resultObject(QueryStatus status) {
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
}
