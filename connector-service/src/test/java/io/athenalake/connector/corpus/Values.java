package io.athenalake.connector.corpus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Deterministic values for generated columns: the same row of the same column has the same value in every run
 * and in every file variant, so the same table written with other codecs, encodings or page versions holds the
 * same rows. Java types: Integer/Long/BigInteger (UINT64), Float, Double, BigDecimal, Boolean, String, byte[],
 * LocalDate, Instant (UTC-adjusted timestamps), LocalDateTime (local timestamps and INT96), lists, maps, structs
 * ({@code Map<String, Object>} in field order).
 */
public final class Values {

    private Values() {
    }

    /** A pseudo-random long for (column, row): SplitMix64 of the two. */
    public static long random(String column, int row) {
        long z = column.hashCode() * 0x9E3779B97F4A7C15L + row * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A value in [0, bound) for (column, row). */
    public static int below(String column, int row, int bound) {
        return (int) Math.floorMod(random(column, row), (long) bound);
    }

    /**
     * Where a column is null: scattered rows (about one in {@code every}) and a run of rows that fills whole pages
     * and row groups, so statistics see chunks with no nulls, some nulls, and nothing but nulls.
     */
    public static IntPredicate nulls(String column, int every, int runFrom, int runTo) {
        return row -> (row >= runFrom && row < runTo) || below(column + "#null", row, every) == 0;
    }

    public static IntFunction<Object> nullWhere(IntPredicate isNull, IntFunction<Object> values) {
        return row -> isNull.test(row) ? null : values.apply(row);
    }

    /** Cycles through edge values first, then random ones: the edges land in every file and row group of a variant. */
    public static IntFunction<Object> edgesThen(List<?> edges, IntFunction<Object> random) {
        return row -> row % 10 == 0 ? edges.get((row / 10) % edges.size()) : random.apply(row);
    }

    public static final List<Integer> INT32_EDGES = List.of(Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE);
    public static final List<Long> INT64_EDGES = List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE);
    public static final List<Double> DOUBLE_EDGES = List.of(Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
            -0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, 1.5);
    public static final List<Float> FLOAT_EDGES = List.of(Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
            -0.0f, 0.0f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.MAX_VALUE, 1.5f);
    /** ASCII, Latin, CJK, a character above U+FFFF (sorted differently in UTF-16 than by code point), empty, long. */
    public static final List<String> STRING_EDGES = List.of("", "a", "Zoë", "ﬀ", "😀 smile", "東京", "o'clock", "line\nbreak",
            "x".repeat(80) + "-long-value-beyond-statistics-truncation", "\u0000nul");
    public static final List<LocalDate> DATE_EDGES = List.of(LocalDate.of(1, 1, 1), LocalDate.of(1582, 10, 4),
            LocalDate.of(1582, 10, 15), LocalDate.of(1969, 12, 31), LocalDate.of(1970, 1, 1), LocalDate.of(2262, 4, 12),
            LocalDate.of(9999, 12, 31));

    public static BigDecimal decimal(String column, int row, int precision, int scale) {
        BigInteger bound = BigInteger.TEN.pow(precision);
        BigInteger unscaled = new BigInteger(precision * 4, new java.util.Random(random(column, row))).mod(bound);
        if ((random(column + "#sign", row) & 1) == 0) {
            unscaled = unscaled.negate();
        }
        return new BigDecimal(unscaled, scale);
    }

    /** A word of 1–12 letters from a small alphabet: repeats, so dictionaries and IN lists find values. */
    public static String word(String column, int row, int distinct) {
        int n = below(column, row, distinct);
        StringBuilder text = new StringBuilder();
        do {
            text.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return text.toString();
    }

    /** An instant between 1900 and 2100 with nanoseconds (micro- and millisecond columns drop what they cannot hold). */
    public static Instant instant(String column, int row) {
        long seconds = Math.floorMod(random(column, row), 6_311_347_200L) - 2_208_988_800L;
        int nanos = below(column + "#nanos", row, 1_000_000_000);
        return Instant.ofEpochSecond(seconds, nanos);
    }

    public static LocalDateTime local(String column, int row) {
        return LocalDateTime.ofInstant(instant(column, row), java.time.ZoneOffset.UTC);
    }
}
