package io.athenalake.connector.corpus;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.Type;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One column of a generated table: its parquet type, its value in every row (null: absent), how it is written into
 * a parquet record, how Trino's Hive catalog declares it, and how a predicate on it is spelled.
 *
 * @param type      the parquet field (name, repetition, physical and logical type, nested shape)
 * @param values    the Java value of row {@code i} (see {@link Values}); null for a null
 * @param writer    writes a non-null value into field {@code index} of a record
 * @param hiveType  the column's type in a Hive table over the same files (Trino's type names)
 * @param literal   SQL literals for predicates; {@link Literal#NONE} for columns no predicate is generated on
 * @param compared  the SQL expression both sides are compared on ({@code %s} is the column), e.g. a cast that aligns
 *                  the connector's {@code timestamp with time zone} with the Hive table's {@code timestamp}
 * @param text      for a type no Hive table can declare (parquet TIME, UUID) or Trino's Hive reader cannot read
 *                  (unsigned INT64): the text the connector must show for a value (the writer's own value is the
 *                  oracle); null for columns compared with the Hive table
 */
public record Column(Type type, IntFunction<Object> values, Writer writer, String hiveType, Literal literal, String compared,
                     Function<Object, String> text) {

    public Column(Type type, IntFunction<Object> values, Writer writer, String hiveType, Literal literal, String compared) {
        this(type, values, writer, hiveType, literal, compared, null);
    }

    /** Writes one non-null value into a record. */
    @FunctionalInterface
    public interface Writer {
        void write(Group record, int index, Object value);
    }

    /**
     * A column no Hive table can declare (or Trino's Hive reader cannot read): checked against the text of the writer's
     * values instead; predicates on it compare the connector with pushdown against the connector without.
     */
    public Column shownAs(Function<Object, String> expectedText) {
        return new Column(type, values, writer, null, literal, compared, expectedText);
    }

    public boolean inHive() {
        return hiveType != null;
    }

    public String name() {
        return type.getName();
    }

    /** The column as SQL names it: Athena's lower-case name, quoted (names may hold spaces). */
    public String sqlName() {
        return "\"" + name().toLowerCase(java.util.Locale.ROOT).replace("\"", "\"\"") + "\"";
    }

    public Column comparedAs(String expression) {
        return new Column(type, values, writer, hiveType, literal, expression, text);
    }

    public Column withoutPredicates() {
        return new Column(type, values, writer, hiveType, Literal.NONE, compared, text);
    }

    public Column withValues(IntFunction<Object> newValues) {
        return new Column(type, newValues, writer, hiveType, literal, compared, text);
    }

    /** The values of rows {@code 0..rows-1}. */
    public List<Object> sample(int rows) {
        List<Object> sample = new java.util.ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            sample.add(values.apply(i));
        }
        return sample;
    }
}
