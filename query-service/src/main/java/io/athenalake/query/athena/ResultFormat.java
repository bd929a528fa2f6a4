package io.athenalake.query.athena;

import java.util.Locale;
import java.util.Optional;

/**
 * How a query's result is written: {@code csv}, Athena's result object (one file, rows in the query's order), or
 * {@code parquet}, the query wrapped in Athena's {@code UNLOAD}, written as parquet files in parallel. A caller may
 * also ask for {@code auto}: parquet where the query allows it ({@link UnloadStatement#whyNotParquet}), else csv.
 */
public enum ResultFormat {
    CSV, PARQUET, AUTO;

    /** The format a caller named (case-insensitive), empty when the name is none of them. */
    public static Optional<ResultFormat> named(String name) {
        for (ResultFormat format : values()) {
            if (format.name().equalsIgnoreCase(name)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
