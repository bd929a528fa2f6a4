package io.athenalake.query.results;

import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The rows of a parquet result (the files an UNLOAD wrote, in the manifest's order), one row group in memory at a
 * time, typed as Athena types the same columns in a CSV result: the column types come from the parquet schema as
 * Athena's writer sets it (INT96 or INT64 timestamps, DATE, DECIMAL, strings, LIST, MAP and structs), and every
 * value that a CSV result would give as text (dates, timestamps, binary, nested values) is the text Athena prints.
 * A flat schema (no arrays, maps or rows) is read column reader by column reader, and into Arrow vectors without
 * boxing a value; a nested one through parquet's record assembly.
 */
final class ParquetResultRows implements ResultRows {

    private final S3Client s3;
    private final List<ResultFile> files;
    private final List<Column> columns;
    private final boolean flat;
    private int nextFile;
    private ParquetFileReader reader;
    private MessageType schema;
    private ParquetColumns group;
    private RecordReader<Group> records;
    private long rowsLeftInGroup;
    private long rowsToSkip;

    /** One data file of a parquet result and its size. */
    record ResultFile(S3Location location, long length) {
    }

    /**
     * @param skipRows rows to pass over before the first one returned (a page token), skipping whole row groups
     *                 unread where they fit
     */
    ParquetResultRows(S3Client s3, List<ResultFile> files, long skipRows) throws IOException {
        this.s3 = s3;
        this.files = files;
        this.rowsToSkip = skipRows;
        MessageType first = files.isEmpty() ? null : openFile(0).getFooter().getFileMetaData().getSchema();
        this.columns = first == null ? List.of() : columns(first);
        this.flat = first != null && ParquetColumns.flat(first);
        this.nextFile = files.isEmpty() ? 0 : 1;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public List<Object> next() throws IOException {
        while (rowsToSkip > 0 && nextRow()) {
            rowsToSkip--;
            values();
        }
        return nextRow() ? values() : null;
    }

    @Override
    public boolean vectorized() {
        return flat;
    }

    @Override
    public long nextInto(List<FieldVector> vectors, int index) throws IOException {
        if (!flat) {
            throw new UnsupportedOperationException("a nested parquet schema is read row by row");
        }
        if (rowsToSkip > 0) {
            throw new UnsupportedOperationException("rows are skipped only by next()");
        }
        if (!nextRow()) {
            return -1;
        }
        long bytes = 0;
        for (int i = 0; i < vectors.size(); i++) {
            bytes += group.next(i, vectors.get(i), index);
        }
        return bytes;
    }

    /** Whether a row is left, with the row group holding it open; counts it as taken. */
    private boolean nextRow() throws IOException {
        while (true) {
            if (rowsLeftInGroup > 0) {
                rowsLeftInGroup--;
                return true;
            }
            if (reader != null) {
                PageReadStore pages = rowsToSkip > 0 ? skipGroups() : reader.readNextRowGroup();
                if (pages != null) {
                    if (flat) {
                        group = new ParquetColumns(pages, schema, reader.getFooter().getFileMetaData().getCreatedBy());
                    } else {
                        records = new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages, new GroupRecordConverter(schema));
                    }
                    rowsLeftInGroup = pages.getRowCount();
                    continue;
                }
                reader.close();
                reader = null;
            }
            if (nextFile >= files.size()) {
                return false;
            }
            openFile(nextFile++);
        }
    }

    /** Passes over whole row groups the skip covers, reading none of their pages; the first one it does not cover. */
    private PageReadStore skipGroups() throws IOException {
        var blocks = reader.getRowGroups();
        while (reader.getCurrentRowGroupIndex() + 1 < blocks.size()) {
            long rows = blocks.get(reader.getCurrentRowGroupIndex() + 1).getRowCount();
            if (rows > rowsToSkip) {
                break;
            }
            rowsToSkip -= rows;
            reader.skipNextRowGroup();
        }
        return reader.readNextRowGroup();
    }

    private ParquetFileReader openFile(int index) throws IOException {
        if (reader != null) {
            reader.close();
        }
        ResultFile file = files.get(index);
        reader = ParquetFileReader.open(new S3InputFile(s3, file.location(), file.length()), ParquetReadOptions.builder().build());
        schema = reader.getFooter().getFileMetaData().getSchema();
        rowsLeftInGroup = 0;
        return reader;
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    /** The current row's values. */
    private List<Object> values() {
        List<Object> values = new ArrayList<>(columns.size());
        if (flat) {
            for (int i = 0; i < columns.size(); i++) {
                values.add(group.next(i));
            }
            return values;
        }
        Group row = records.read();
        for (int i = 0; i < schema.getFieldCount(); i++) {
            Type type = schema.getType(i);
            values.add(row.getFieldRepetitionCount(i) == 0 ? null
                    : type.isPrimitive() ? typed(type.asPrimitiveType(), row, i, 0) : nested(type.asGroupType(), row.getGroup(i, 0)));
        }
        return values;
    }

    private static Object typed(PrimitiveType type, Group row, int field, int index) {
        return ParquetColumns.typed(ParquetColumns.Kind.of(type), ParquetColumns.scale(type), new GroupValue(row, field, index));
    }

    /** A value inside a nested one, as Athena prints it: a missing one as null. */
    private static String text(Type type, Group value, int field, int index) {
        if (value.getFieldRepetitionCount(field) <= index) {
            return "null";
        }
        if (!type.isPrimitive()) {
            return nested(type.asGroupType(), value.getGroup(field, index));
        }
        Object typed = typed(type.asPrimitiveType(), value, field, index);
        return typed instanceof BigDecimal decimal ? decimal.toPlainString() : typed.toString();
    }

    /** An array as {@code [a, b]}, a map as {@code {k=v}}, a row as {@code {name=value}}, as Athena prints them. */
    private static String nested(GroupType type, Group value) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && type.getFieldCount() == 1) {
            StringJoiner out = new StringJoiner(", ", "[", "]");
            Type repeated = type.getType(0);
            for (int i = 0; i < value.getFieldRepetitionCount(0); i++) {
                if (repeated.isPrimitive() || repeated.asGroupType().getFieldCount() != 1) {
                    out.add(text(repeated, value, 0, i));
                } else {
                    GroupType elementType = repeated.asGroupType();
                    out.add(text(elementType.getType(0), value.getGroup(0, i), 0, 0));
                }
            }
            return out.toString();
        }
        if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation && type.getFieldCount() == 1) {
            StringJoiner out = new StringJoiner(", ", "{", "}");
            GroupType entryType = type.getType(0).asGroupType();
            for (int i = 0; i < value.getFieldRepetitionCount(0); i++) {
                Group entry = value.getGroup(0, i);
                out.add(text(entryType.getType(0), entry, 0, 0) + "=" + text(entryType.getType(1), entry, 1, 0));
            }
            return out.toString();
        }
        StringJoiner out = new StringJoiner(", ", "{", "}");
        for (int i = 0; i < type.getFieldCount(); i++) {
            out.add(type.getFieldName(i) + "=" + text(type.getType(i), value, i, 0));
        }
        return out.toString();
    }

    /** A primitive field of an assembled record. */
    private record GroupValue(Group group, int field, int index) implements ParquetColumns.Value {
        @Override
        public boolean getBoolean() {
            return group.getBoolean(field, index);
        }

        @Override
        public int getInteger() {
            return group.getInteger(field, index);
        }

        @Override
        public long getLong() {
            return group.getLong(field, index);
        }

        @Override
        public float getFloat() {
            return group.getFloat(field, index);
        }

        @Override
        public double getDouble() {
            return group.getDouble(field, index);
        }

        @Override
        public Binary getBinary() {
            return group.getType().getType(field).asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96
                    ? group.getInt96(field, index) : group.getBinary(field, index);
        }
    }

    /** Athena's column types for the parquet schema, as its result metadata would name them. */
    static List<Column> columns(MessageType schema) {
        List<Column> columns = new ArrayList<>();
        for (Type field : schema.getFields()) {
            String type = athenaType(field);
            Integer precision = null;
            Integer scale = null;
            if (field.isPrimitive() && field.getLogicalTypeAnnotation()
                    instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
                precision = decimal.getPrecision();
                scale = decimal.getScale();
            }
            columns.add(new Column(field.getName(), type, precision, scale, field.getRepetition() != Type.Repetition.REQUIRED));
        }
        return columns;
    }

    static String athenaType(Type type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (!type.isPrimitive()) {
            GroupType group = type.asGroupType();
            if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && group.getFieldCount() == 1) {
                Type repeated = group.getType(0);
                Type element = repeated.isPrimitive() || repeated.asGroupType().getFieldCount() != 1 ? repeated
                        : repeated.asGroupType().getType(0);
                return "array(" + athenaType(element) + ")";
            }
            if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation && group.getFieldCount() == 1) {
                GroupType entry = group.getType(0).asGroupType();
                return "map(" + athenaType(entry.getType(0)) + ", " + athenaType(entry.getType(1)) + ")";
            }
            StringJoiner fields = new StringJoiner(", ", "row(", ")");
            group.getFields().forEach(f -> fields.add(f.getName() + " " + athenaType(f)));
            return fields.toString();
        }
        PrimitiveType primitive = type.asPrimitiveType();
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
            return "decimal";
        }
        if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation ints) {
            return switch (ints.getBitWidth()) {
                case 8 -> "tinyint";
                case 16 -> "smallint";
                case 32 -> "integer";
                default -> "bigint";
            };
        }
        return switch (primitive.getPrimitiveTypeName()) {
            case BOOLEAN -> "boolean";
            case INT32 -> logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation ? "date" : "integer";
            case INT64 -> logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ? "timestamp" : "bigint";
            case INT96 -> "timestamp";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BINARY, FIXED_LEN_BYTE_ARRAY -> logical == null ? "varbinary" : "varchar";
        };
    }
}
