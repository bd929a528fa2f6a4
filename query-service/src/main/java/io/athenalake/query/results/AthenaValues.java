package io.athenalake.query.results;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Athena's text values as JSON types, by the column's Athena type: numbers as numbers, booleans as
 * booleans, everything else (dates, timestamps, arrays, maps, rows, binary) as Athena prints it.
 */
public final class AthenaValues {

    private AthenaValues() {
    }

    public static Object convert(String type, String value) {
        if (value == null) {
            return null;
        }
        String base = type == null ? "varchar" : type.toLowerCase(Locale.ROOT);
        int parenthesis = base.indexOf('(');
        if (parenthesis > 0) {
            base = base.substring(0, parenthesis);
        }
        try {
            return switch (base) {
                case "boolean" -> Boolean.parseBoolean(value);
                case "tinyint", "smallint", "integer", "int", "bigint" -> Long.parseLong(value);
                case "double", "float", "real" -> floating(value);
                case "decimal" -> new BigDecimal(value);
                default -> value;
            };
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** JSON has no NaN or infinities: those stay text. */
    private static Object floating(String value) {
        double number = Double.parseDouble(value);
        return Double.isFinite(number) ? number : value;
    }
}
