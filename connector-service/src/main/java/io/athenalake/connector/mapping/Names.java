package io.athenalake.connector.mapping;

import io.athenalake.connector.errors.ConnectorErrors;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Athena only sees lower-case names. A mixed-case folder or column is shown lower-cased and found again
 * by a case-insensitive match; two that differ only in case cannot both be reached, and saying so
 * clearly beats silently picking one.
 */
public final class Names {

    private Names() {
    }

    public static String athenaName(String actual) {
        return actual.toLowerCase(Locale.ROOT);
    }

    /** The names Athena lists for these actual names: lower-cased, sorted, each once. */
    public static List<String> athenaNames(Collection<String> actualNames) {
        TreeSet<String> names = new TreeSet<>();
        for (String actual : actualNames) {
            names.add(athenaName(actual));
        }
        return List.copyOf(names);
    }

    /**
     * The one actual name that Athena's {@code requested} name stands for.
     *
     * @param kind  what is named, e.g. "table" (for the messages)
     * @param where where the names were found, e.g. "s3://bucket/tables/"
     */
    public static String resolve(String requested, Collection<String> actualNames, String kind, String where) {
        String wanted = athenaName(requested);
        List<String> matches = actualNames.stream().filter(actual -> athenaName(actual).equals(wanted)).distinct().sorted().toList();
        if (matches.isEmpty()) {
            throw ConnectorErrors.notFound("No " + kind + " '" + wanted + "' in " + where + ".");
        }
        if (matches.size() > 1) {
            throw ConnectorErrors.invalidInput("The " + kind + " name '" + wanted + "' is ambiguous in " + where + ": "
                    + String.join(", ", matches.stream().map(m -> "'" + m + "'").toList())
                    + " differ only in case and Athena sees names lower-cased. Rename all but one.");
        }
        return matches.get(0);
    }
}
