package io.athenalake.connector.corpus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * How a value of a column is spelled in SQL, for the predicates the differential test generates. The shapes of
 * predicates depend on the kind: ranges for ordered types, truth for booleans, NaN and infinities for floats.
 *
 * @param kind      what predicates make sense
 * @param sqlType   the literal's type ({@code TIMESTAMP}'s precision is the column's, so Trino compares without a cast)
 * @param precision fractional digits of timestamps
 */
public record Literal(Kind kind, String sqlType, int precision) {

    public enum Kind { NONE, ORDERED, FLOATING, BOOLEAN, STRING, BINARY }

    public static final Literal NONE = new Literal(Kind.NONE, "", 0);
    public static final Literal TINYINT = new Literal(Kind.ORDERED, "TINYINT", 0);
    public static final Literal SMALLINT = new Literal(Kind.ORDERED, "SMALLINT", 0);
    public static final Literal INTEGER = new Literal(Kind.ORDERED, "INTEGER", 0);
    public static final Literal BIGINT = new Literal(Kind.ORDERED, "BIGINT", 0);
    public static final Literal REAL = new Literal(Kind.FLOATING, "REAL", 0);
    public static final Literal DOUBLE = new Literal(Kind.FLOATING, "DOUBLE", 0);
    public static final Literal DECIMAL = new Literal(Kind.ORDERED, "DECIMAL", 0);
    public static final Literal BOOLEAN = new Literal(Kind.BOOLEAN, "BOOLEAN", 0);
    public static final Literal VARCHAR = new Literal(Kind.STRING, "VARCHAR", 0);
    public static final Literal VARBINARY = new Literal(Kind.BINARY, "VARBINARY", 0);
    public static final Literal DATE = new Literal(Kind.ORDERED, "DATE", 0);

    public static Literal timestamp(int precision) {
        return new Literal(Kind.ORDERED, "TIMESTAMP", precision);
    }

    /** The SQL literal of a (non-null) value as {@link Values} makes them. */
    public String of(Object value) {
        return switch (sqlType) {
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT" -> sqlType + " '" + value + "'";
            case "DECIMAL" -> "DECIMAL '" + ((BigDecimal) value).toPlainString() + "'";
            case "REAL" -> floating((Float) value, "REAL");
            case "DOUBLE" -> floating((Double) value, "DOUBLE");
            case "BOOLEAN" -> value.toString();
            case "VARCHAR" -> "'" + value.toString().replace("'", "''") + "'";
            case "VARBINARY" -> "X'" + HexFormat.of().formatHex((byte[]) value) + "'";
            case "DATE" -> "DATE '" + date((LocalDate) value) + "'";
            case "TIMESTAMP" -> "TIMESTAMP '" + timestamp(value) + "'";
            default -> throw new IllegalStateException("no literal for " + sqlType);
        };
    }

    private static String floating(double value, String type) {
        if (Double.isNaN(value)) {
            return "CAST(nan() AS " + type + ")";
        }
        if (Double.isInfinite(value)) {
            return "CAST(" + (value > 0 ? "" : "-") + "infinity() AS " + type + ")";
        }
        return type + " '" + (type.equals("REAL") ? Float.toString((float) value) : Double.toString(value)) + "'";
    }

    private static String date(LocalDate date) {
        // Trino's DATE literal: a year of four digits or more, with a sign only when negative
        return String.format("%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    private String timestamp(Object value) {
        LocalDateTime local = value instanceof Instant instant ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : (LocalDateTime) value;
        String text = date(local.toLocalDate()) + " " + local.toLocalTime().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        if (precision > 0) {
            String nanos = String.format("%09d", local.getNano());
            text += "." + nanos.substring(0, precision);
        }
        return text;
    }

    /** Orders values of one column as SQL does (strings by code point, binaries unsigned), to pick predicate constants. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return java.util.Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.compareUnsigned(x, y);
        }
        if (a instanceof BigInteger x && b instanceof BigInteger y) {
            return x.compareTo(y);
        }
        return ((Comparable) a).compareTo(b);
    }
}
