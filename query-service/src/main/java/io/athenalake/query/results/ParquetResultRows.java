package io.athenalake.query.results;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
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
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The rows of a parquet result (the files an UNLOAD wrote, in the manifest's order), one row group in memory at a
 * time, typed as Athena types the same columns in a CSV result: the column types come from the parquet schema as
 * Athena's writer sets it (INT96 or INT64 timestamps, DATE, DECIMAL, strings, LIST, MAP and structs), and every
 * value that a CSV result would give as text (dates, timestamps, binary, nested values) is the text Athena prints.
 */
final class ParquetResultRows implements ResultRows {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final long JULIAN_EPOCH_DAY = 2_440_588L;

    private final S3Client s3;
    private final List<ResultFile> files;
    private final List<Column> columns;
    private int nextFile;
    private ParquetFileReader reader;
    private MessageType schema;
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
        this.columns = files.isEmpty() ? List.of() : columns(openFile(0).getFooter().getFileMetaData().getSchema());
        this.nextFile = files.isEmpty() ? 0 : 1;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public List<Object> next() throws IOException {
        while (true) {
            if (rowsLeftInGroup > 0) {
                Group row = records.read();
                rowsLeftInGroup--;
                if (rowsToSkip > 0) {
                    rowsToSkip--;
                    continue;
                }
                return values(row);
            }
            if (reader != null) {
                PageReadStore group = rowsToSkip > 0 ? skipGroups() : reader.readNextRowGroup();
                if (group != null) {
                    MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
                    records = io.getRecordReader(group, new GroupRecordConverter(schema));
                    rowsLeftInGroup = group.getRowCount();
                    continue;
                }
                reader.close();
                reader = null;
            }
            if (nextFile >= files.size()) {
                return null;
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

    private List<Object> values(Group row) {
        List<Object> values = new ArrayList<>(columns.size());
        for (int i = 0; i < schema.getFieldCount(); i++) {
            Type type = schema.getType(i);
            values.add(row.getFieldRepetitionCount(i) == 0 ? null
                    : type.isPrimitive() ? typed(type.asPrimitiveType(), row, i, 0) : nested(type.asGroupType(), row.getGroup(i, 0)));
        }
        return values;
    }

    /** A primitive value as the CSV path types it: numbers and booleans typed, the rest Athena's text. */
    private static Object typed(PrimitiveType type, Group row, int field, int index) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
            return switch (type.getPrimitiveTypeName()) {
                case INT32 -> BigDecimal.valueOf(row.getInteger(field, index), decimal.getScale());
                case INT64 -> BigDecimal.valueOf(row.getLong(field, index), decimal.getScale());
                default -> new BigDecimal(new BigInteger(row.getBinary(field, index).getBytes()), decimal.getScale());
            };
        }
        return switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> row.getBoolean(field, index);
            case INT32 -> logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                    ? LocalDate.ofEpochDay(row.getInteger(field, index)).toString() : (Object) (long) row.getInteger(field, index);
            case INT64 -> logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp
                    ? timestamp(row.getLong(field, index), timestamp.getUnit()) : (Object) row.getLong(field, index);
            case FLOAT -> finiteOrText(Double.parseDouble(Float.toString(row.getFloat(field, index)))); // as a real prints
            case DOUBLE -> finiteOrText(row.getDouble(field, index));
            case INT96 -> int96(row.getInt96(field, index));
            case BINARY, FIXED_LEN_BYTE_ARRAY -> logical == null
                    ? hex(row.getBinary(field, index)) : row.getBinary(field, index).toStringUsingUTF8();
        };
    }

    private static Object finiteOrText(double value) {
        return Double.isFinite(value) ? value : Double.toString(value);
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

    private static String timestamp(long value, LogicalTypeAnnotation.TimeUnit unit) {
        Instant instant = switch (unit) {
            case MILLIS -> Instant.ofEpochMilli(value);
            case MICROS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
            case NANOS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        };
        return TIMESTAMP.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** INT96: nanoseconds of the day (8 bytes, little endian), then the Julian day (4 bytes). */
    private static String int96(Binary value) {
        ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = bytes.getLong();
        long julianDay = bytes.getInt() & 0xFFFFFFFFL;
        LocalDateTime time = LocalDate.ofEpochDay(julianDay - JULIAN_EPOCH_DAY).atStartOfDay().plusNanos(nanosOfDay);
        return TIMESTAMP.format(time);
    }

    /** Athena prints varbinary as space-separated hex bytes. */
    private static String hex(Binary value) {
        byte[] bytes = value.getBytes();
        StringJoiner out = new StringJoiner(" ");
        for (byte b : bytes) {
            out.add(HexFormat.of().toHexDigits(b));
        }
        return out.toString();
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
