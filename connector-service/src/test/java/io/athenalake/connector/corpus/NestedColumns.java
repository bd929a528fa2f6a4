package io.athenalake.connector.corpus;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.Type;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Nested columns in the shapes writers produce: the standard 3-level LIST and MAP, the legacy 2-level lists of
 * parquet-avro (lists of lists too), Hive's {@code bag}/{@code array_element}, Thrift's {@code _tuple}, bare repeated
 * fields, {@code MAP_KEY_VALUE}, structs, and nesting of each in the others — with nulls at every level the shape
 * allows (a null list, a null element, an empty list, a null struct field, a key without a value).
 */
public final class NestedColumns {

    private NestedColumns() {
    }

    public static List<Column> all() {
        return List.of(standardList(), avroListOfLists(), hiveBagList(), thriftTupleList(), bareRepeated(), standardMap(),
                legacyKeyValueMap(), struct(), listOfStructs(), mapOfLists(), listOfTimestamps(), deep());
    }

    /** {@code optional group tags (LIST) { repeated group list { optional int32 element; } }} */
    static Column standardList() {
        return column("optional group tags (LIST) { repeated group list { optional int32 element; } }", "array(integer)",
                row -> list(row, "tags", 5, r -> nullOr("tags#e", r, 7, Values.below("tags#v", r, 1000) - 500)),
                (g, i, v) -> {
                    Group list = g.addGroup(i);
                    for (Object element : (List<?>) v) {
                        Group wrapper = list.addGroup(0);
                        if (element != null) {
                            wrapper.add(0, (Integer) element);
                        }
                    }
                });
    }

    /** parquet-avro's old lists: {@code repeated group array (LIST) { repeated int32 array; }} inside a LIST. */
    static Column avroListOfLists() {
        return column("optional group matrix (LIST) { repeated group array (LIST) { repeated int32 array; } }", "array(array(integer))",
                row -> list(row, "matrix", 4, r -> noNulls(list(r, "matrix#inner", 4, rr -> Values.below("matrix#v", rr, 100)))),
                (g, i, v) -> {
                    Group outer = g.addGroup(i);
                    for (Object inner : (List<?>) v) {
                        Group array = outer.addGroup(0);
                        for (Object element : (List<?>) inner) {
                            array.add(0, (Integer) element);
                        }
                    }
                });
    }

    /** Hive's and Spark's legacy lists: {@code repeated group bag { optional int32 array_element; }}. */
    static Column hiveBagList() {
        return column("optional group bag_list (LIST) { repeated group bag { optional int32 array_element; } }", "array(integer)",
                row -> list(row, "bag", 4, r -> nullOr("bag#e", r, 5, Values.below("bag#v", r, 50))),
                (g, i, v) -> {
                    Group list = g.addGroup(i);
                    for (Object element : (List<?>) v) {
                        Group bag = list.addGroup(0);
                        if (element != null) {
                            bag.add(0, (Integer) element);
                        }
                    }
                });
    }

    /** Thrift's lists: the repeated {@code <name>_tuple} group is the element itself, a struct. */
    static Column thriftTupleList() {
        return column("optional group names (LIST) { repeated group names_tuple { required binary s (STRING); optional int32 n; } }",
                "array(row(s varchar, n integer))",
                row -> list(row, "names", 3, r -> struct("s", Values.word("names#s", r, 300), "n", nullOr("names#n", r, 3, r))),
                (g, i, v) -> {
                    Group list = g.addGroup(i);
                    for (Object element : (List<?>) v) {
                        Map<?, ?> fields = (Map<?, ?>) element;
                        Group tuple = list.addGroup(0);
                        tuple.add(0, Binary.fromString((String) fields.get("s")));
                        if (fields.get("n") != null) {
                            tuple.add(1, (Integer) fields.get("n"));
                        }
                    }
                });
    }

    /** A repeated field outside any LIST group: a list of required elements, empty where absent (never null). */
    static Column bareRepeated() {
        return new Column(MessageTypeParser.parseMessageType("message m { repeated int64 nums; }").getType(0),
                row -> {
                    List<Object> values = list(row, "nums", 4, r -> (long) Values.below("nums#v", r, 10_000));
                    return values == null ? List.of() : noNulls(values);
                },
                (g, i, v) -> {
                    for (Object element : (List<?>) v) {
                        g.add(i, (Long) element);
                    }
                }, "array(bigint)", Literal.NONE, "%s");
    }

    /** Writes a map with string keys; {@code value} writes a non-null value into field 1 of its entry. */
    private static Column.Writer stringKeyedMap(Column.Writer value) {
        return (g, i, v) -> {
            Group map = g.addGroup(i);
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) v).entrySet()) {
                Group keyValue = map.addGroup(0);
                keyValue.add(0, Binary.fromString((String) entry.getKey()));
                if (entry.getValue() != null) {
                    value.write(keyValue, 1, entry.getValue());
                }
            }
        };
    }

    /** {@code optional group attrs (MAP) { repeated group key_value { required binary key (STRING); optional int64 value; } }} */
    static Column standardMap() {
        return column("optional group attrs (MAP) { repeated group key_value { required binary key (STRING); optional int64 value; } }",
                "map(varchar, bigint)",
                row -> map(row, "attrs", 4, r -> nullOr("attrs#v", r, 4, (long) Values.below("attrs#n", r, 1_000_000))),
                stringKeyedMap((entry, field, value) -> entry.add(field, (Long) value)));
    }

    /** The legacy map: a MAP whose repeated group is annotated MAP_KEY_VALUE and named {@code map}. */
    static Column legacyKeyValueMap() {
        return column("optional group props (MAP) { repeated group map (MAP_KEY_VALUE) { required binary key (UTF8); optional int32 value; } }",
                "map(varchar, integer)",
                row -> map(row, "props", 3, r -> nullOr("props#v", r, 3, Values.below("props#n", r, 100))),
                stringKeyedMap((entry, field, value) -> entry.add(field, (Integer) value)));
    }

    /** A struct with a null field, a string and a list inside; the struct itself null in some rows. */
    static Column struct() {
        return column("optional group point { optional int32 x; optional binary label (STRING); "
                        + "optional group weights (LIST) { repeated group list { optional double element; } } }",
                "row(x integer, label varchar, weights array(double))",
                row -> Values.below("point#null", row, 6) == 0 ? null : struct(
                        "x", nullOr("point#x", row, 3, Values.below("point#xv", row, 100)),
                        "label", nullOr("point#l", row, 4, Values.word("point#lv", row, 50)),
                        "weights", list(row, "point#w", 3, r -> nullOr("point#we", r, 4, Values.below("point#wv", r, 1000) / 8.0))),
                (g, i, v) -> {
                    Map<?, ?> fields = (Map<?, ?>) v;
                    Group point = g.addGroup(i);
                    if (fields.get("x") != null) {
                        point.add(0, (Integer) fields.get("x"));
                    }
                    if (fields.get("label") != null) {
                        point.add(1, Binary.fromString((String) fields.get("label")));
                    }
                    if (fields.get("weights") != null) {
                        Group list = point.addGroup(2);
                        for (Object element : (List<?>) fields.get("weights")) {
                            Group wrapper = list.addGroup(0);
                            if (element != null) {
                                wrapper.add(0, (Double) element);
                            }
                        }
                    }
                });
    }

    /** A list of structs (standard shape), structs with null fields and null structs among the elements. */
    static Column listOfStructs() {
        return column("optional group events (LIST) { repeated group list { optional group element { optional int64 at; "
                        + "optional binary what (STRING); } } }",
                "array(row(at bigint, what varchar))",
                row -> list(row, "events", 3, r -> Values.below("events#null", r, 6) == 0 ? null
                        : struct("at", nullOr("events#at", r, 5, (long) r * 1000), "what", nullOr("events#w", r, 5, Values.word("events#wv", r, 20)))),
                (g, i, v) -> {
                    Group list = g.addGroup(i);
                    for (Object element : (List<?>) v) {
                        Group wrapper = list.addGroup(0);
                        if (element != null) {
                            Map<?, ?> fields = (Map<?, ?>) element;
                            Group struct = wrapper.addGroup(0);
                            if (fields.get("at") != null) {
                                struct.add(0, (Long) fields.get("at"));
                            }
                            if (fields.get("what") != null) {
                                struct.add(1, Binary.fromString((String) fields.get("what")));
                            }
                        }
                    }
                });
    }

    /** A map whose values are lists (null lists and null elements among them). */
    static Column mapOfLists() {
        return column("optional group scores (MAP) { repeated group key_value { required binary key (STRING); "
                        + "optional group value (LIST) { repeated group list { optional double element; } } } }",
                "map(varchar, array(double))",
                row -> map(row, "scores", 3, r -> list(r, "scores#l", 3, rr -> nullOr("scores#e", rr, 5, Values.below("scores#v", rr, 100) / 4.0))),
                (g, i, v) -> {
                    Group map = g.addGroup(i);
                    for (Map.Entry<?, ?> entry : ((Map<?, ?>) v).entrySet()) {
                        Group keyValue = map.addGroup(0);
                        keyValue.add(0, Binary.fromString((String) entry.getKey()));
                        if (entry.getValue() != null) {
                            Group list = keyValue.addGroup(1);
                            for (Object element : (List<?>) entry.getValue()) {
                                Group wrapper = list.addGroup(0);
                                if (element != null) {
                                    wrapper.add(0, (Double) element);
                                }
                            }
                        }
                    }
                });
    }

    /** Timestamps inside a list (the connector shows nested timestamps in milliseconds). */
    static Column listOfTimestamps() {
        return column("optional group stamps (LIST) { repeated group list { optional int64 element (TIMESTAMP(MILLIS,true)); } }",
                "array(timestamp)",
                row -> list(row, "stamps", 3, r -> nullOr("stamps#e", r, 5, Values.instant("stamps#v", r).truncatedTo(java.time.temporal.ChronoUnit.MILLIS))),
                (g, i, v) -> {
                    Group list = g.addGroup(i);
                    for (Object element : (List<?>) v) {
                        Group wrapper = list.addGroup(0);
                        if (element != null) {
                            wrapper.add(0, ((Instant) element).toEpochMilli());
                        }
                    }
                }).comparedAs("CAST(%s AS array(timestamp(3)))");
    }

    /** struct&lt;a: struct&lt;b: list&lt;map&lt;string, int&gt;&gt;&gt;&gt;: four levels, nulls at each. */
    static Column deep() {
        return column("optional group deep { optional group a { optional group b (LIST) { repeated group list { "
                        + "optional group element (MAP) { repeated group key_value { required binary key (STRING); optional int32 value; } } } } } }",
                "row(a row(b array(map(varchar, integer))))",
                row -> Values.below("deep#null", row, 7) == 0 ? null
                        : struct("a", Values.below("deep#a", row, 5) == 0 ? null
                        : struct("b", list(row, "deep#b", 3, r -> map(r, "deep#m", 2, rr -> nullOr("deep#v", rr, 3, Values.below("deep#vv", rr, 10)))))),
                (g, i, v) -> {
                    Group deep = g.addGroup(i);
                    Object a = ((Map<?, ?>) v).get("a");
                    if (a == null) {
                        return;
                    }
                    Group aGroup = deep.addGroup(0);
                    Object b = ((Map<?, ?>) a).get("b");
                    if (b == null) {
                        return;
                    }
                    Group list = aGroup.addGroup(0);
                    for (Object element : (List<?>) b) {
                        Group wrapper = list.addGroup(0);
                        if (element != null) {
                            Group map = wrapper.addGroup(0);
                            for (Map.Entry<?, ?> entry : ((Map<?, ?>) element).entrySet()) {
                                Group keyValue = map.addGroup(0);
                                keyValue.add(0, Binary.fromString((String) entry.getKey()));
                                if (entry.getValue() != null) {
                                    keyValue.add(1, (Integer) entry.getValue());
                                }
                            }
                        }
                    }
                });
    }

    // ---- value helpers: nulls and empties at every level, decided per (column, row)

    private static Column column(String field, String hiveType, IntFunction<Object> values, Column.Writer writer) {
        Type type = MessageTypeParser.parseMessageType("message m { " + field + " }").getType(0);
        return new Column(type, values, writer, hiveType, Literal.NONE, "%s");
    }

    /** A list of up to {@code max} elements; null in about one row in eight and empty in another. */
    static List<Object> list(int row, String column, int max, IntFunction<Object> element) {
        int shape = Values.below(column + "#shape", row, 8);
        if (shape == 0) {
            return null;
        }
        if (shape == 1) {
            return List.of();
        }
        int size = 1 + Values.below(column + "#size", row, max);
        List<Object> values = new ArrayList<>(size);
        for (int e = 0; e < size; e++) {
            values.add(element.apply(row * 16 + e));
        }
        return values;
    }

    static Map<String, Object> map(int row, String column, int max, IntFunction<Object> value) {
        int shape = Values.below(column + "#shape", row, 8);
        if (shape == 0) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (shape == 1) {
            return values;
        }
        int size = 1 + Values.below(column + "#size", row, max);
        for (int e = 0; e < size; e++) {
            values.put("k" + Values.below(column + "#key", row * 16 + e, 20) + "_" + e, value.apply(row * 16 + e));
        }
        return values;
    }

    static Map<String, Object> struct(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    static Object nullOr(String column, int row, int every, Object value) {
        return Values.below(column, row, every) == 0 ? null : value;
    }

    static List<Object> noNulls(List<Object> values) {
        return values == null ? List.of() : values;
    }

    static List<Object> asList(Object... values) {
        return Arrays.asList(values);
    }
}
