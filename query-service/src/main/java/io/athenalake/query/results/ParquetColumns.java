package io.athenalake.query.results;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The primitive values of a parquet result as Athena types them, in one place for both ways of reading them: value
 * by value from parquet's column readers for a flat schema (no record assembly; into Arrow vectors without boxing a
 * value), and from assembled records for a schema with arrays, maps or rows.
 */
final class ParquetColumns {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final long JULIAN_EPOCH_DAY = 2_440_588L;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** How a primitive column's values are read and what they become. */
    enum Kind {
        BOOLEAN, INT8, INT16, INT32, INT64, DATE, TIMESTAMP_MILLIS, TIMESTAMP_MICROS, TIMESTAMP_NANOS, INT96, FLOAT, DOUBLE,
        DECIMAL_INT32, DECIMAL_INT64, DECIMAL_BINARY, TEXT, BINARY;

        static Kind of(PrimitiveType type) {
            LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
            if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
                return switch (type.getPrimitiveTypeName()) {
                    case INT32 -> DECIMAL_INT32;
                    case INT64 -> DECIMAL_INT64;
                    default -> DECIMAL_BINARY;
                };
            }
            return switch (type.getPrimitiveTypeName()) {
                case BOOLEAN -> BOOLEAN;
                case INT32 -> logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation ? DATE
                        : logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation ints && ints.getBitWidth() == 8 ? INT8
                        : logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation ints && ints.getBitWidth() == 16 ? INT16
                        : INT32;
                case INT64 -> logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp
                        ? switch (timestamp.getUnit()) {
                            case MILLIS -> TIMESTAMP_MILLIS;
                            case MICROS -> TIMESTAMP_MICROS;
                            case NANOS -> TIMESTAMP_NANOS;
                        } : INT64;
                case INT96 -> INT96;
                case FLOAT -> FLOAT;
                case DOUBLE -> DOUBLE;
                case BINARY, FIXED_LEN_BYTE_ARRAY -> logical == null ? BINARY : TEXT;
            };
        }
    }

    /** A primitive value's source: a column reader at its current value, or a field of an assembled record. */
    interface Value {
        boolean getBoolean();

        int getInteger();

        long getLong();

        float getFloat();

        double getDouble();

        Binary getBinary();
    }

    private final ColumnReader[] readers;
    private final Kind[] kinds;
    private final int[] scales;
    private final int[] maxDefinition;
    private final Value[] values;

    /** The row group's columns; the schema must be {@link #flat}. */
    ParquetColumns(PageReadStore group, MessageType schema, String createdBy) {
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(group, new GroupRecordConverter(schema).getRootConverter(), schema, createdBy);
        List<ColumnDescriptor> descriptors = schema.getColumns();
        readers = new ColumnReader[descriptors.size()];
        kinds = new Kind[descriptors.size()];
        scales = new int[descriptors.size()];
        maxDefinition = new int[descriptors.size()];
        values = new Value[descriptors.size()];
        for (int i = 0; i < descriptors.size(); i++) {
            ColumnDescriptor descriptor = descriptors.get(i);
            ColumnReader reader = store.getColumnReader(descriptor);
            readers[i] = reader;
            kinds[i] = Kind.of(descriptor.getPrimitiveType());
            scales[i] = scale(descriptor.getPrimitiveType());
            maxDefinition[i] = descriptor.getMaxDefinitionLevel();
            values[i] = new ReaderValue(reader);
        }
    }

    /** Whether every field is a single primitive value (no arrays, maps or rows), so columns can be read one by one. */
    static boolean flat(MessageType schema) {
        return schema.getFields().stream().allMatch(f -> f.isPrimitive() && f.getRepetition() != Type.Repetition.REPEATED);
    }

    static int scale(PrimitiveType type) {
        return type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal
                ? decimal.getScale() : 0;
    }

    /** The column's next value as Athena types it (see {@link #typed}); null for a null. */
    Object next(int column) {
        ColumnReader reader = readers[column];
        Object value = reader.getCurrentDefinitionLevel() < maxDefinition[column] ? null
                : typed(kinds[column], scales[column], values[column]);
        reader.consume();
        return value;
    }

    /**
     * Sets the column's next value into the vector, whose type is the one {@link ResultWriters#arrowField} gives the
     * column, without boxing it; roughly how many bytes it takes.
     */
    long next(int column, FieldVector vector, int index) {
        ColumnReader reader = readers[column];
        try {
            if (reader.getCurrentDefinitionLevel() < maxDefinition[column]) {
                vector.setNull(index);
                return 1;
            }
            switch (kinds[column]) {
                case BOOLEAN -> ((BitVector) vector).setSafe(index, reader.getBoolean() ? 1 : 0);
                case INT8 -> ((TinyIntVector) vector).setSafe(index, (byte) reader.getInteger());
                case INT16 -> ((SmallIntVector) vector).setSafe(index, (short) reader.getInteger());
                case INT32 -> ((IntVector) vector).setSafe(index, reader.getInteger());
                case INT64 -> ((BigIntVector) vector).setSafe(index, reader.getLong());
                case DATE -> ((DateDayVector) vector).setSafe(index, reader.getInteger());
                case TIMESTAMP_MILLIS -> ((TimeStampMilliVector) vector).setSafe(index, reader.getLong());
                case TIMESTAMP_MICROS -> ((TimeStampMilliVector) vector).setSafe(index, Math.floorDiv(reader.getLong(), 1_000L));
                case TIMESTAMP_NANOS -> ((TimeStampMilliVector) vector).setSafe(index, Math.floorDiv(reader.getLong(), 1_000_000L));
                case INT96 -> ((TimeStampMilliVector) vector).setSafe(index, int96Millis(reader.getBinary()));
                case FLOAT -> ((Float4Vector) vector).setSafe(index, reader.getFloat());
                case DOUBLE -> ((Float8Vector) vector).setSafe(index, reader.getDouble());
                case DECIMAL_INT32 -> ((DecimalVector) vector).setSafe(index, reader.getInteger());
                case DECIMAL_INT64 -> ((DecimalVector) vector).setSafe(index, reader.getLong());
                case DECIMAL_BINARY -> ((DecimalVector) vector).setBigEndianSafe(index, reader.getBinary().getBytes());
                case TEXT -> {
                    ByteBuffer bytes = reader.getBinary().toByteBuffer();
                    ((VarCharVector) vector).setSafe(index, bytes, bytes.position(), bytes.remaining());
                    return bytes.remaining() + 4L;
                }
                case BINARY -> {
                    byte[] text = hex(reader.getBinary()).getBytes(StandardCharsets.US_ASCII);
                    ((VarCharVector) vector).setSafe(index, text);
                    return text.length + 4L;
                }
            }
            return 16;
        } finally {
            reader.consume();
        }
    }

    /** A primitive value as the CSV path types it: numbers and booleans typed, the rest Athena's text. */
    static Object typed(Kind kind, int scale, Value value) {
        return switch (kind) {
            case BOOLEAN -> value.getBoolean();
            case INT8, INT16, INT32 -> (long) value.getInteger();
            case INT64 -> value.getLong();
            case DATE -> LocalDate.ofEpochDay(value.getInteger()).toString();
            case TIMESTAMP_MILLIS -> timestamp(Instant.ofEpochMilli(value.getLong()));
            case TIMESTAMP_MICROS -> timestamp(Instant.EPOCH.plus(value.getLong(), ChronoUnit.MICROS));
            case TIMESTAMP_NANOS -> timestamp(Instant.EPOCH.plusNanos(value.getLong()));
            case INT96 -> timestamp(Instant.ofEpochMilli(int96Millis(value.getBinary())));
            case FLOAT -> finiteOrText(Double.parseDouble(Float.toString(value.getFloat()))); // as a real prints
            case DOUBLE -> finiteOrText(value.getDouble());
            case DECIMAL_INT32 -> BigDecimal.valueOf(value.getInteger(), scale);
            case DECIMAL_INT64 -> BigDecimal.valueOf(value.getLong(), scale);
            case DECIMAL_BINARY -> new BigDecimal(new BigInteger(value.getBinary().getBytes()), scale);
            case TEXT -> value.getBinary().toStringUsingUTF8();
            case BINARY -> hex(value.getBinary());
        };
    }

    private static Object finiteOrText(double value) {
        return Double.isFinite(value) ? value : Double.toString(value);
    }

    private static String timestamp(Instant instant) {
        return TIMESTAMP.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** INT96: nanoseconds of the day (8 bytes, little endian), then the Julian day (4 bytes); to milliseconds. */
    private static long int96Millis(Binary value) {
        ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = bytes.getLong();
        long julianDay = bytes.getInt() & 0xFFFFFFFFL;
        return (julianDay - JULIAN_EPOCH_DAY) * MILLIS_PER_DAY + Math.floorDiv(nanosOfDay, 1_000_000L);
    }

    /** Athena prints varbinary as space-separated hex bytes. */
    private static String hex(Binary value) {
        StringJoiner out = new StringJoiner(" ");
        for (byte b : value.getBytes()) {
            out.add(HexFormat.of().toHexDigits(b));
        }
        return out.toString();
    }

    /** A column reader's current value. */
    private record ReaderValue(ColumnReader reader) implements Value {
        @Override
        public boolean getBoolean() {
            return reader.getBoolean();
        }

        @Override
        public int getInteger() {
            return reader.getInteger();
        }

        @Override
        public long getLong() {
            return reader.getLong();
        }

        @Override
        public float getFloat() {
            return reader.getFloat();
        }

        @Override
        public double getDouble() {
            return reader.getDouble();
        }

        @Override
        public Binary getBinary() {
            return reader.getBinary();
        }
    }
}
