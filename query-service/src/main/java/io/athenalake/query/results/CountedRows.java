package io.athenalake.query.results;

import java.io.IOException;
import java.util.List;

/** Rows that count how many were read, so a download can say how far it got when its client went away. */
public final class CountedRows implements ResultRows {

    private final ResultRows rows;
    private long read;

    public CountedRows(ResultRows rows) {
        this.rows = rows;
    }

    public long read() {
        return read;
    }

    @Override
    public List<Column> columns() {
        return rows.columns();
    }

    @Override
    public List<Object> next() throws IOException {
        List<Object> row = rows.next();
        if (row != null) {
            read++;
        }
        return row;
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
