package io.athenalake.query.results;

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

    @Override
    void close() throws IOException;
}
