package io.athenalake.query.results;

import org.apache.arrow.vector.FieldVector;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Rows that count how many were read, so a download can say how far it got when its client went away. */
public final class CountedRows implements ResultRows {

    private final ResultRows rows;
    private long read;

    public CountedRows(ResultRows rows) {
        this.rows = rows;
    }

    /** Rows read so far; -1 when the rows were copied as Athena's CSV bytes, uncounted. */
    public long read() {
        return read;
    }

    @Override
    public Optional<InputStream> athenaCsv() {
        Optional<InputStream> bytes = rows.athenaCsv();
        if (bytes.isPresent()) {
            read = -1;
        }
        return bytes;
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
    public boolean vectorized() {
        return rows.vectorized();
    }

    @Override
    public long nextInto(List<FieldVector> vectors, int index) throws IOException {
        long bytes = rows.nextInto(vectors, index);
        if (bytes >= 0) {
            read++;
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
