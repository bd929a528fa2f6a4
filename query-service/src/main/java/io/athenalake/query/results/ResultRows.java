package io.athenalake.query.results;

import org.apache.arrow.vector.FieldVector;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A finished query's rows, one at a time, whatever holds them (Athena's CSV object or the parquet files of an
 * UNLOAD). Values are as {@link AthenaValues} types them: Boolean, Long, Double, BigDecimal, else Athena's text
 * (dates, timestamps, binary, arrays, maps, rows as Athena prints them).
 */
public interface ResultRows extends AutoCloseable {

    List<Column> columns();

    /** The next row, or null after the last one. */
    List<Object> next() throws IOException;

    /**
     * The rows as the bytes of Athena's CSV result object, none read yet, when that is what holds them (a csv
     * result); empty otherwise. A CSV download then copies them instead of writing each row again.
     */
    default Optional<InputStream> athenaCsv() {
        return Optional.empty();
    }

    /** Whether {@link #nextInto} can read the rows (a flat parquet result): straight into Arrow vectors. */
    default boolean vectorized() {
        return false;
    }

    /**
     * Sets the next row's values at {@code index} of the vectors, one per column, typed as
     * {@link ResultWriters#arrowField} types the columns, boxing no value; roughly how many bytes that took, or -1
     * after the last row. Only where {@link #vectorized()}.
     */
    default long nextInto(List<FieldVector> vectors, int index) throws IOException {
        throw new UnsupportedOperationException("these rows are read one at a time");
    }

    @Override
    void close() throws IOException;
}
