package io.athenalake.query.results;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The rows of Athena's CSV result object, typed by the query's result metadata, as the object streams. */
final class CsvResultRows implements ResultRows {

    private final List<Column> columns;
    private final InputStream content;
    private final CsvRowReader csv;
    private boolean headerSkipped;

    CsvResultRows(List<Column> columns, InputStream content) {
        this.columns = columns;
        this.content = content;
        this.csv = new CsvRowReader(new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 64 * 1024));
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public List<Object> next() throws IOException {
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
