package io.athenalake.query.athena;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query wrapped in Athena's {@code UNLOAD}, so that its result is written as parquet files (in parallel, into a
 * location that must be empty) instead of one CSV object. The wrapping is recognisable in the execution's query text,
 * so any replica can tell from Athena's history alone which queries have parquet results, where, and what the caller
 * wrote.
 */
public final class UnloadStatement {

    private static final String HEAD = "UNLOAD (";
    private static final Pattern TAIL = Pattern.compile("\n\\) TO '(s3://[^']+/)' WITH \\(format = 'PARQUET', compression = 'SNAPPY'\\)$");
    private static final Set<String> QUERIES = Set.of("SELECT", "WITH", "VALUES", "TABLE");

    private UnloadStatement() {
    }

    /** A query as the caller wrote it and the location its parquet result was unloaded to. */
    public record Unloaded(String sql, String location) {
    }

    /**
     * The UNLOAD of {@code sql} into {@code location} (which must end with {@code /} and be empty). The query ends on
     * its own line, so a trailing {@code --} comment cannot swallow the closing parenthesis.
     */
    public static String wrap(String sql, String location) {
        if (!location.startsWith("s3://") || !location.endsWith("/") || location.contains("'")) {
            throw new IllegalArgumentException("not an UNLOAD location: " + location);
        }
        String query = sql.strip();
        while (query.endsWith(";")) {
            query = query.substring(0, query.length() - 1).strip();
        }
        return HEAD + query + "\n) TO '" + location + "' WITH (format = 'PARQUET', compression = 'SNAPPY')";
    }

    /** The caller's query and the result location, when {@code queryText} is a query this service unloaded. */
    public static Optional<Unloaded> of(String queryText) {
        if (queryText == null || !queryText.startsWith(HEAD)) {
            return Optional.empty();
        }
        Matcher tail = TAIL.matcher(queryText);
        if (!tail.find() || tail.start() < HEAD.length()) {
            return Optional.empty();
        }
        return Optional.of(new Unloaded(queryText.substring(HEAD.length(), tail.start()), tail.group(1)));
    }

    /**
     * Why {@code sql} cannot have a parquet result, or empty when it can: UNLOAD takes only a query (SELECT, WITH,
     * VALUES, TABLE), and writes its files in parallel with no order between them, so a query that orders its rows
     * (ORDER BY outside any parenthesis) keeps its order only in a CSV result.
     */
    public static Optional<String> whyNotParquet(String sql) {
        Scan scan = Scan.of(sql);
        if (!QUERIES.contains(scan.firstWord)) {
            return Optional.of("only a query (SELECT, WITH, VALUES, TABLE) can have a parquet result; this statement is "
                    + (scan.firstWord.isEmpty() ? "empty" : scan.firstWord));
        }
        if (scan.ordered) {
            return Optional.of("the query orders its rows (ORDER BY), and parquet results are written as several files "
                    + "with no order between them");
        }
        return Optional.empty();
    }

    /** The statement's first keyword and whether ORDER BY appears outside parentheses, strings and comments. */
    private record Scan(String firstWord, boolean ordered) {

        static Scan of(String sql) {
            String firstWord = null;
            String previous = null;
            boolean ordered = false;
            int depth = 0;
            int i = 0;
            int n = sql.length();
            while (i < n) {
                char c = sql.charAt(i);
                if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                    int end = sql.indexOf('\n', i);
                    i = end < 0 ? n : end + 1;
                } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                    int end = sql.indexOf("*/", i + 2);
                    i = end < 0 ? n : end + 2;
                } else if (c == '\'' || c == '"') {
                    i = closingQuote(sql, i, c);
                    previous = null;
                } else if (c == '(') {
                    depth++;
                    i++;
                } else if (c == ')') {
                    depth = Math.max(0, depth - 1);
                    i++;
                } else if (Character.isLetter(c) || c == '_') {
                    int start = i;
                    while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                        i++;
                    }
                    String word = sql.substring(start, i).toUpperCase(Locale.ROOT);
                    if (firstWord == null) {
                        firstWord = word;
                    }
                    if (depth == 0 && "BY".equals(word) && "ORDER".equals(previous)) {
                        ordered = true;
                    }
                    previous = word;
                } else {
                    if (!Character.isWhitespace(c)) {
                        previous = null;
                    }
                    i++;
                }
            }
            return new Scan(firstWord == null ? "" : firstWord, ordered);
        }

        /** The index after the quote that closes the one at {@code open} (a doubled quote is an escaped one). */
        private static int closingQuote(String sql, int open, char quote) {
            int i = open + 1;
            while (i < sql.length()) {
                if (sql.charAt(i) == quote) {
                    if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                i++;
            }
            return sql.length();
        }
    }
}
