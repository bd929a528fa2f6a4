package io.athenalake.query.results;

import java.io.IOException;
import java.util.List;

/**
 * A finished query's rows, one at a time, whatever holds them (Athena's CSV object or the parquet files of an
 * UNLOAD). Values are as {@link AthenaValues} types them: Boolean, Long, Double, BigDecimal, else Athena's text
 * (dates, timestamps, binary, arrays, maps, rows as Athena prints them).
 */
public interface ResultRows extends AutoCloseable {

    List<Column> columns();

    /** The next row, or null after the last one. */
    List<Object> next() throws IOException;

    @Override
    void close() throws IOException;
}
