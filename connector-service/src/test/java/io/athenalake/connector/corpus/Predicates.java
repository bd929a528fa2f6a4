package io.athenalake.connector.corpus;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The predicates the differential test runs: every shape Athena pushes to a connector ({@code IS NULL},
 * {@code IS NOT NULL}, comparisons, ranges, {@code IN}, {@code NOT IN}, {@code <>}, disjunctions with null, negated
 * ranges, conjunctions across columns) on every column type, with constants taken from the column's own values (the
 * smallest, the largest, quartiles, a value it does not hold) and the edges of its type (NaN, infinities, signed
 * zero, the empty string, characters ordered differently in UTF-16 than by code point). A predicate is SQL with
 * {@code {name}} standing for a column, so each side of the comparison spells the column its own way.
 */
public final class Predicates {

    private Predicates() {
    }

    /** How many predicates a table gets: each is one more scan of it, pushed down and not. */
    public enum Depth {
        /** every shape below: the reference layout, and the small tables */
        EVERY,
        /** the shapes row-group pruning decides (null tests, equality, ranges, IN, a value not held): other layouts */
        CORE,
        /** IS NULL on each column: layouts that only change how the same pages are compressed */
        NULLS
    }

    /** The shapes {@link Depth#CORE} keeps. */
    private static final List<String> CORE = List.of(" IS NULL", " IS NOT NULL", " = ", " < ", " BETWEEN ", " IN (");

    /** The predicates on one column at a depth, given its values in the table's rows (nulls included). */
    public static List<String> on(Column column, List<Object> values, Depth depth) {
        String c = "{" + column.name() + "}";
        List<String> every = on(column, values);
        return switch (depth) {
            case EVERY -> every;
            case CORE -> every.stream().filter(p -> p.startsWith(c) && CORE.stream().anyMatch(shape -> p.startsWith(c + shape))
                    && !p.contains(" OR ")).toList();
            case NULLS -> List.of(c + " IS NULL");
        };
    }

    /** The predicates on one column, given its values in the table's rows (nulls included). */
    public static List<String> on(Column column, List<Object> values) {
        Literal literal = column.literal();
        String c = "{" + column.name() + "}";
        List<Object> present = values.stream().filter(Objects::nonNull).filter(v -> !isNaN(v)).distinct()
                .sorted(Literal::compare).toList();
        Set<String> predicates = new LinkedHashSet<>();
        predicates.add(c + " IS NULL");
        predicates.add(c + " IS NOT NULL");
        if (present.isEmpty()) {
            if (literal.kind() == Literal.Kind.ORDERED) {
                predicates.add(c + " = INTEGER '1'");
            }
            return new ArrayList<>(predicates);
        }
        Object min = present.get(0);
        Object max = present.get(present.size() - 1);
        Object q1 = present.get(present.size() / 4);
        Object median = present.get(present.size() / 2);
        Object q3 = present.get(present.size() * 3 / 4);
        String lMin = literal.of(min);
        String lMax = literal.of(max);
        String lQ1 = literal.of(q1);
        String lMed = literal.of(median);
        String lQ3 = literal.of(q3);
        switch (literal.kind()) {
            case BOOLEAN -> {
                predicates.add(c);
                predicates.add("NOT " + c);
                predicates.add("(" + c + " OR " + c + " IS NULL)");
                predicates.add(c + " = false");
                predicates.add(c + " <> true");
                predicates.add(c + " IN (true)");
                predicates.add("(NOT " + c + " OR " + c + " IS NULL)");
            }
            case BINARY -> {
                predicates.add(c + " = " + lMed);
                predicates.add(c + " > " + lMed);
                predicates.add(c + " IN (" + lQ1 + ", " + lQ3 + ")");
                predicates.add(c + " <> " + lMed);
            }
            default -> {
                predicates.add(c + " = " + lMed);
                predicates.add(c + " < " + lMed);
                predicates.add(c + " <= " + lMed);
                predicates.add(c + " > " + lMed);
                predicates.add(c + " >= " + lMin);
                predicates.add(c + " > " + lMax);
                predicates.add(c + " < " + lMin);
                predicates.add(c + " BETWEEN " + lQ1 + " AND " + lQ3);
                predicates.add("NOT (" + c + " BETWEEN " + lQ1 + " AND " + lQ3 + ")");
                predicates.add(c + " <> " + lMed);
                predicates.add(c + " IN (" + lMin + ", " + lMed + ", " + lMax + ")");
                predicates.add(c + " NOT IN (" + lQ1 + ", " + lQ3 + ")");
                predicates.add("(" + c + " = " + lMed + " OR " + c + " IS NULL)");
                predicates.add("(" + c + " > " + lQ3 + " OR " + c + " IS NULL)");
                predicates.add("(" + c + " IS NULL OR " + c + " < " + lQ1 + " OR " + c + " > " + lQ3 + ")");
                Object absent = absent(median, new HashSet<>(present));
                if (absent != null) {
                    predicates.add(c + " = " + literal.of(absent));
                    predicates.add(c + " IN (" + literal.of(absent) + ", " + lQ1 + ")");
                }
                if (literal.kind() == Literal.Kind.FLOATING) {
                    String type = literal.sqlType();
                    String nan = "CAST(nan() AS " + type + ")";
                    String infinity = "CAST(infinity() AS " + type + ")";
                    predicates.add(c + " = " + nan);
                    predicates.add(c + " <> " + nan);
                    predicates.add(c + " = " + infinity);
                    predicates.add(c + " < " + infinity);
                    predicates.add(c + " > -" + infinity);
                    predicates.add(c + " = " + type + " '-0.0'");
                    predicates.add(c + " > " + type + " '0.0'");
                    predicates.add(c + " <> " + type + " '1.5'");
                    predicates.add(c + " NOT IN (" + type + " '1.5', " + type + " '0.0')");
                }
                if (literal.kind() == Literal.Kind.STRING) {
                    predicates.add(c + " = ''");
                    predicates.add(c + " LIKE 'a%'");
                    predicates.add(c + " >= 'ﬀ'");
                    predicates.add(c + " < 'ﬀ'");
                    // no range from below U+FFFF to above it (BETWEEN 'ﬀ' AND '😀'): Athena orders by code point, the
                    // SDK's Range compares Java strings (UTF-16) and refuses such a range before the connector sees it
                    predicates.add(c + " IN ('', 'a', '😀 smile', 'Zoë')");
                    predicates.add(c + " > 'x'");
                }
            }
        }
        return new ArrayList<>(predicates);
    }

    /** A few conjunctions of a predicate on a column with one on the table's key column. */
    public static List<String> across(Column column, Column key, int rows) {
        String c = "{" + column.name() + "}";
        String k = "{" + key.name() + "}";
        return List.of(c + " IS NULL AND " + k + " > BIGINT '" + rows / 2 + "'",
                c + " IS NOT NULL AND " + k + " < BIGINT '" + rows / 3 + "'",
                "(" + c + " IS NULL OR " + k + " = BIGINT '7')");
    }

    private static Object next(Object near, int step) {
        if (near instanceof Integer i) {
            return i + step;
        }
        if (near instanceof Long l) {
            return l + step;
        }
        if (near instanceof BigDecimal d) {
            return d.add(BigDecimal.ONE.movePointLeft(d.scale()).multiply(BigDecimal.valueOf(step)));
        }
        if (near instanceof Double d) {
            return d + step * 0.001;
        }
        if (near instanceof Float f) {
            return f + step * 0.001f;
        }
        if (near instanceof String s) {
            return s + "~" + step;
        }
        if (near instanceof LocalDate d) {
            return d.plusDays(step);
        }
        if (near instanceof Instant t) {
            return t.plusSeconds(step);
        }
        if (near instanceof LocalDateTime t) {
            return t.plusSeconds(step);
        }
        return null;
    }

    private static boolean isNaN(Object value) {
        return value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN();
    }

    /** A value of the same type the column does not hold, near its median; null where none is easy to make. */
    static Object absent(Object near, Set<Object> present) {
        for (int step = 1; step < 1_000; step++) {
            Object candidate = next(near, step);
            if (candidate == null) {
                return null;
            }
            if (!present.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
