package io.athenalake.query.results;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Athena's result CSV one row at a time (RFC 4180: quoted fields, doubled quotes, line breaks
 * inside quotes). Athena quotes every value and leaves a null as an empty unquoted field, so an
 * unquoted empty field reads as {@code null} and {@code ""} as the empty string. Holds one row at most.
 */
public final class CsvRowReader {

    private final Reader in;
    private int peeked = -2;

    public CsvRowReader(Reader in) {
        this.in = in;
    }

    /** The next row, or {@code null} at the end. */
    public List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (c == '"' && field.isEmpty() && !quoted) {
                quoted = true;
                readQuoted(field);
                c = read();
                continue;
            }
            if (c == ',' ) {
                row.add(quoted || !field.isEmpty() ? field.toString() : null);
                field.setLength(0);
                quoted = false;
            } else if (c == '\n' || c == -1) {
                row.add(quoted || !field.isEmpty() ? field.toString() : null);
                return row;
            } else if (c == '\r') {
                int next = read();
                if (next != '\n') {
                    unread(next);
                }
                row.add(quoted || !field.isEmpty() ? field.toString() : null);
                return row;
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    private void readQuoted(StringBuilder field) throws IOException {
        while (true) {
            int c = read();
            if (c == -1) {
                throw new IOException("unterminated quoted field in result CSV");
            }
            if (c == '"') {
                int next = read();
                if (next == '"') {
                    field.append('"');
                } else {
                    unread(next);
                    return;
                }
            } else {
                field.append((char) c);
            }
        }
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        peeked = c;
    }
}
