package io.athenalake.query.results;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The rows of Athena's CSV result object, typed by the query's result metadata (read only when a row or the columns
 * are asked for: a CSV download copies the object and needs neither), as the object streams.
 */
final class CsvResultRows implements ResultRows {

    private final Supplier<List<Column>> metadata;
    private final InputStream content;
    private final CsvRowReader csv;
    private List<Column> columns;
    private boolean headerSkipped;

    CsvResultRows(Supplier<List<Column>> metadata, InputStream content) {
        this.metadata = metadata;
        this.content = content;
        this.csv = new CsvRowReader(new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 64 * 1024));
    }

    @Override
    public List<Column> columns() {
        if (columns == null) {
            columns = metadata.get();
        }
        return columns;
    }

    @Override
    public Optional<InputStream> athenaCsv() {
        return headerSkipped ? Optional.empty() : Optional.of(content);
    }

    @Override
    public List<Object> next() throws IOException {
        List<Column> columns = columns();
        if (!headerSkipped) {
            csv.next(); // Athena's header row
            headerSkipped = true;
        }
        List<String> row = csv.next();
        if (row == null) {
            return null;
        }
        List<Object> values = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            values.add(AthenaValues.convert(columns.get(i).type(), i < row.size() ? row.get(i) : null));
        }
        return values;
    }

    @Override
    public void close() throws IOException {
        content.close();
    }
}
