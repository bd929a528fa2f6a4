package io.athenalake.devstack.athena;

import io.athenalake.devstack.s3.S3Location;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Athena's {@code UNLOAD (SELECT ...) TO 's3://bucket/prefix/' WITH (property = 'value' [, ...])}, which Trino does not
 * have: parsed here, and turned into the Trino CTAS that writes the same files ({@link #createTableAs}).
 *
 * <p>The SELECT is taken verbatim between the balanced parentheses, skipping string literals, quoted identifiers and
 * comments, so a {@code ')'} or {@code '\''} inside any of those does not end it. Keywords and property names are
 * case-insensitive. The properties are Athena's: {@code format} (required), {@code compression},
 * {@code field_delimiter} (TEXTFILE) and {@code partitioned_by = ARRAY['col', ...]}.
 */
record UnloadStatement(String select, String location, Format format, String compression, String fieldDelimiter,
                       List<String> partitionedBy) {

    /** What Athena can UNLOAD to, as Trino's Hive connector names the format. */
    enum Format { PARQUET, ORC, AVRO, JSON, TEXTFILE }

    /** Athena's compression names → the codec of Trino's Hive writer (ORC's zlib is its GZIP). */
    private static final Map<String, String> COMPRESSIONS = Map.of(
            "GZIP", "GZIP", "ZLIB", "GZIP", "SNAPPY", "SNAPPY", "LZ4", "LZ4", "ZSTD", "ZSTD", "NONE", "NONE");
    /** Athena's default for Parquet, JSON and TEXTFILE (gzip) and ORC (zlib). */
    static final String DEFAULT_COMPRESSION = "GZIP";
    private static final Set<String> PROPERTIES = Set.of(
            "format", "compression", "compression_level", "field_delimiter", "partitioned_by");

    /** A statement Athena would reject, with the error name its reason starts with. */
    static final class InvalidUnload extends RuntimeException {
        final String errorName;

        InvalidUnload(String errorName, String message) {
            super(message);
            this.errorName = errorName;
        }
    }

    static UnloadStatement parse(String sql) {
        Scanner scanner = new Scanner(sql);
        scanner.skipSpace();
        scanner.expectKeyword("UNLOAD");
        scanner.skipSpace();
        String select = scanner.parenthesized().strip();
        if (select.isEmpty()) {
            throw scanner.syntaxError("UNLOAD needs a query between the parentheses");
        }
        scanner.skipSpace();
        scanner.expectKeyword("TO");
        scanner.skipSpace();
        String location = scanner.stringLiteral("the TO location");
        Map<String, Object> properties = new LinkedHashMap<>();
        scanner.skipSpace();
        if (scanner.keyword("WITH")) {
            scanner.skipSpace();
            properties = scanner.properties();
        }
        scanner.skipSpace();
        while (scanner.peek() == ';') {
            scanner.position++;
            scanner.skipSpace();
        }
        if (!scanner.atEnd()) {
            throw scanner.syntaxError("unexpected text after the UNLOAD statement");
        }
        return of(select, location, properties);
    }

    private static UnloadStatement of(String select, String location, Map<String, Object> properties) {
        try {
            S3Location.parse(location);
        } catch (IllegalArgumentException e) {
            throw new InvalidUnload("INVALID_TABLE_PROPERTY", "UNLOAD's TO location must be an s3:// location: " + location);
        }
        for (String name : properties.keySet()) {
            if (!PROPERTIES.contains(name)) {
                throw new InvalidUnload("INVALID_TABLE_PROPERTY", "UNLOAD property '" + name + "' does not exist; "
                        + "UNLOAD takes format, compression, field_delimiter and partitioned_by");
            }
        }
        if (!properties.containsKey("format")) {
            throw new InvalidUnload("INVALID_TABLE_PROPERTY", "UNLOAD requires the format property: "
                    + "WITH (format = 'PARQUET' | 'ORC' | 'AVRO' | 'JSON' | 'TEXTFILE')");
        }
        Format format = format(text(properties, "format"));
        String compression = compression(properties.containsKey("compression") ? text(properties, "compression") : null);
        if (properties.containsKey("compression_level")) {
            throw new InvalidUnload("NOT_SUPPORTED", "compression_level is not supported by the devstack's UNLOAD "
                    + "(Trino's Hive writer has no compression level)");
        }
        String delimiter = properties.containsKey("field_delimiter") ? text(properties, "field_delimiter") : null;
        if (delimiter != null && format != Format.TEXTFILE) {
            throw new InvalidUnload("INVALID_TABLE_PROPERTY", "field_delimiter applies to format TEXTFILE only, not " + format);
        }
        if (delimiter != null && delimiter.codePointCount(0, delimiter.length()) != 1) {
            throw new InvalidUnload("INVALID_TABLE_PROPERTY", "field_delimiter must be a single character: '" + delimiter + "'");
        }
        List<String> partitionedBy = List.of();
        if (properties.containsKey("partitioned_by")) {
            if (!(properties.get("partitioned_by") instanceof List<?> columns) || columns.isEmpty()) {
                throw new InvalidUnload("INVALID_TABLE_PROPERTY",
                        "partitioned_by must be an ARRAY of column names, e.g. partitioned_by = ARRAY['year']");
            }
            partitionedBy = columns.stream().map(c -> ((String) c).toLowerCase(Locale.ROOT)).toList();
        }
        return new UnloadStatement(select, location, format, compression, delimiter, partitionedBy);
    }

    private static String text(Map<String, Object> properties, String name) {
        if (!(properties.get(name) instanceof String value)) {
            throw new InvalidUnload("INVALID_TABLE_PROPERTY", "UNLOAD property " + name + " must be a string literal");
        }
        return value;
    }

    private static Format format(String name) {
        try {
            return Format.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidUnload("NOT_SUPPORTED", "UNLOAD format '" + name
                    + "' is not supported: use PARQUET, ORC, AVRO, JSON or TEXTFILE");
        }
    }

    private static String compression(String name) {
        if (name == null) {
            return DEFAULT_COMPRESSION;
        }
        String codec = COMPRESSIONS.get(name.strip().toUpperCase(Locale.ROOT));
        if (codec == null) {
            throw new InvalidUnload("NOT_SUPPORTED", "UNLOAD compression '" + name + "' is not supported by the devstack "
                    + "(Trino's Hive writer): use GZIP, ZLIB, SNAPPY, LZ4, ZSTD or NONE");
        }
        return codec;
    }

    /** The TO location as a folder: {@code s3://bucket/prefix/}. */
    S3Location target() {
        S3Location parsed = S3Location.parse(location);
        return new S3Location(parsed.bucket(), parsed.keyAsFolder());
    }

    /** The Trino CTAS that writes this UNLOAD's files into its TO location, as an external table named {@code table}. */
    String createTableAs(String table) {
        List<String> with = new ArrayList<>();
        with.add("external_location = " + literal(target().toString()));
        with.add("format = " + literal(format.name()));
        if (fieldDelimiter != null) {
            with.add("textfile_field_separator = " + literal(fieldDelimiter));
        }
        if (!partitionedBy.isEmpty()) {
            with.add("partitioned_by = ARRAY[" + String.join(", ", partitionedBy.stream().map(UnloadStatement::literal).toList())
                    + "]");
        }
        // The query keeps its own lines (a trailing -- comment must not swallow what follows it)
        return "CREATE TABLE " + table + " WITH (" + String.join(", ", with) + ") AS\n" + select + "\n";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Walks the statement's text; {@code position} is the next character to read. */
    private static final class Scanner {
        private final String sql;
        private int position;

        Scanner(String sql) {
            this.sql = sql;
        }

        boolean atEnd() {
            return position >= sql.length();
        }

        char peek() {
            return atEnd() ? '\0' : sql.charAt(position);
        }

        /** Skips white space and comments. */
        void skipSpace() {
            while (!atEnd()) {
                if (Character.isWhitespace(peek())) {
                    position++;
                } else if (!skipComment()) {
                    return;
                }
            }
        }

        private boolean skipComment() {
            if (sql.startsWith("--", position)) {
                int end = sql.indexOf('\n', position);
                position = end < 0 ? sql.length() : end + 1;
                return true;
            }
            if (sql.startsWith("/*", position)) {
                int end = sql.indexOf("*/", position + 2);
                if (end < 0) {
                    throw syntaxError("unterminated comment");
                }
                position = end + 2;
                return true;
            }
            return false;
        }

        /** Consumes {@code word} (any case) if it is next, as a whole word. */
        boolean keyword(String word) {
            int end = position + word.length();
            if (!sql.regionMatches(true, position, word, 0, word.length())
                    || end < sql.length() && isIdentifierPart(sql.charAt(end))) {
                return false;
            }
            position = end;
            return true;
        }

        void expectKeyword(String word) {
            if (!keyword(word)) {
                throw syntaxError("expected " + word);
            }
        }

        /** The text between a '(' here and its matching ')', which is consumed too. */
        String parenthesized() {
            if (peek() != '(') {
                throw syntaxError("expected '(' before the UNLOAD query");
            }
            int start = ++position;
            int depth = 1;
            while (!atEnd()) {
                char c = peek();
                if (c == '\'' || c == '"') {
                    skipQuoted(c);
                } else if (skipComment()) {
                    continue;
                } else if (c == '(') {
                    depth++;
                    position++;
                } else if (c == ')') {
                    if (--depth == 0) {
                        return sql.substring(start, position++);
                    }
                    position++;
                } else {
                    position++;
                }
            }
            throw syntaxError("the UNLOAD query's parenthesis is never closed");
        }

        /** Skips a literal or quoted identifier opened by {@code quote} here (a doubled quote stands for itself). */
        private void skipQuoted(char quote) {
            int opened = position++;
            while (!atEnd()) {
                if (sql.charAt(position++) == quote) {
                    if (peek() != quote) {
                        return;
                    }
                    position++;
                }
            }
            position = opened;
            throw syntaxError("unterminated " + (quote == '\'' ? "string literal" : "quoted identifier"));
        }

        String stringLiteral(String what) {
            if (peek() != '\'') {
                throw syntaxError("expected " + what + " as a string literal");
            }
            int start = position;
            skipQuoted('\'');
            return sql.substring(start + 1, position - 1).replace("''", "'");
        }

        /** {@code ( name = 'value' | name = ARRAY['a', ...] [, ...] )}, names lower-cased. */
        Map<String, Object> properties() {
            if (peek() != '(') {
                throw syntaxError("expected '(' after WITH");
            }
            position++;
            Map<String, Object> properties = new LinkedHashMap<>();
            do {
                skipSpace();
                String name = identifier();
                skipSpace();
                if (peek() != '=') {
                    throw syntaxError("expected '=' after " + name);
                }
                position++;
                skipSpace();
                Object value = keyword("ARRAY") ? array() : stringLiteral("the value of " + name);
                if (properties.put(name, value) != null) {
                    throw new InvalidUnload("INVALID_TABLE_PROPERTY", "UNLOAD property " + name + " is given twice");
                }
                skipSpace();
            } while (consume(','));
            if (!consume(')')) {
                throw syntaxError("expected ',' or ')' in the WITH properties");
            }
            return properties;
        }

        private List<String> array() {
            skipSpace();
            if (!consume('[')) {
                throw syntaxError("expected '[' after ARRAY");
            }
            List<String> values = new ArrayList<>();
            skipSpace();
            if (consume(']')) {
                return values;
            }
            do {
                skipSpace();
                values.add(stringLiteral("an ARRAY element"));
                skipSpace();
            } while (consume(','));
            if (!consume(']')) {
                throw syntaxError("expected ',' or ']' in the ARRAY");
            }
            return values;
        }

        private String identifier() {
            if (peek() == '"') {
                int start = position;
                skipQuoted('"');
                return sql.substring(start + 1, position - 1).replace("\"\"", "\"").toLowerCase(Locale.ROOT);
            }
            int start = position;
            while (!atEnd() && isIdentifierPart(peek())) {
                position++;
            }
            if (start == position) {
                throw syntaxError("expected a property name");
            }
            return sql.substring(start, position).toLowerCase(Locale.ROOT);
        }

        private boolean consume(char c) {
            if (peek() == c) {
                position++;
                return true;
            }
            return false;
        }

        private static boolean isIdentifierPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }

        /** Trino's wording: {@code line L:C: message}, 1-based. */
        InvalidUnload syntaxError(String message) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < Math.min(position, sql.length()); i++) {
                if (sql.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new InvalidUnload("SYNTAX_ERROR", "line " + line + ":" + column + ": " + message);
        }
    }
}
