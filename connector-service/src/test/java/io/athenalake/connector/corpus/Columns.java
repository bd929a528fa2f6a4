package io.athenalake.connector.corpus;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.IntFunction;

import static org.apache.parquet.schema.Type.Repetition.OPTIONAL;
import static org.apache.parquet.schema.Type.Repetition.REQUIRED;

/** Flat columns of every parquet type a writer can produce, as {@link Column}s. */
public final class Columns {

    private Columns() {
    }

    public static Column int64(String name, boolean required, IntFunction<Object> values) {
        return new Column(Types.primitive(PrimitiveTypeName.INT64, required ? REQUIRED : OPTIONAL).named(name), values,
                (g, i, v) -> g.add(i, (Long) v), "bigint", Literal.BIGINT, "%s");
    }

    public static Column int32(String name, IntFunction<Object> values) {
        return new Column(Types.primitive(PrimitiveTypeName.INT32, OPTIONAL).named(name), values,
                (g, i, v) -> g.add(i, (Integer) v), "integer", Literal.INTEGER, "%s");
    }

    /** INT(8|16, signed) on int32. */
    public static Column smallSigned(String name, int bits, IntFunction<Object> values) {
        return new Column(Types.primitive(PrimitiveTypeName.INT32, OPTIONAL).as(LogicalTypeAnnotation.intType(bits, true)).named(name),
                values, (g, i, v) -> g.add(i, ((Number) v).intValue()), bits == 8 ? "tinyint" : "smallint",
                bits == 8 ? Literal.TINYINT : Literal.SMALLINT, "%s");
    }

    /** INT(8|16|32, unsigned) on int32 (values as Long 0..2^bits-1; stored as their 32-bit pattern). */
    public static Column unsigned32(String name, int bits, IntFunction<Object> values) {
        String hive = switch (bits) {
            case 8 -> "smallint";
            case 16 -> "integer";
            default -> "bigint";
        };
        Literal literal = switch (bits) {
            case 8 -> Literal.SMALLINT;
            case 16 -> Literal.INTEGER;
            default -> Literal.BIGINT;
        };
        Column column = new Column(Types.primitive(PrimitiveTypeName.INT32, OPTIONAL).as(LogicalTypeAnnotation.intType(bits, false))
                .named(name), values, (g, i, v) -> g.add(i, (int) ((Number) v).longValue()), hive, literal, "%s");
        // Trino's Hive reader reads UINT32 as a signed int32 (4294967295 shows as -1): the writer's values are the oracle
        return bits == 32 ? column.shownAs(String::valueOf) : column;
    }

    /** INT(64, unsigned): values as BigInteger 0..2^64-1, shown as decimal(20,0), checked against the writer's values. */
    public static Column unsigned64(String name, IntFunction<Object> values) {
        return new Column(Types.primitive(PrimitiveTypeName.INT64, OPTIONAL).as(LogicalTypeAnnotation.intType(64, false)).named(name),
                row -> {
                    Object v = values.apply(row);
                    return v == null ? null : new BigDecimal((BigInteger) v);
                },
                (g, i, v) -> g.add(i, ((BigDecimal) v).toBigInteger().longValue()), "decimal(20,0)", Literal.DECIMAL, "%s")
                // Trino's Hive reader has no unsigned 64-bit integers (and takes their statistics for corrupt)
                .shownAs(value -> ((BigDecimal) value).toPlainString());
    }

    public static Column float32(String name, IntFunction<Object> values) {
        return new Column(Types.primitive(PrimitiveTypeName.FLOAT, OPTIONAL).named(name), values,
                (g, i, v) -> g.add(i, (Float) v), "real", Literal.REAL, "%s");
    }

    public static Column float64(String name, IntFunction<Object> values) {
        return new Column(Types.primitive(PrimitiveTypeName.DOUBLE, OPTIONAL).named(name), values,
                (g, i, v) -> g.add(i, (Double) v), "double", Literal.DOUBLE, "%s");
    }

    /** DECIMAL(p,s) on the physical type writers choose for it: int32, int64, fixed_len_byte_array or binary. */
    public static Column decimal(String name, PrimitiveTypeName physical, int precision, int scale, IntFunction<Object> values) {
        int length = physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY ? fixedLength(precision) : 0;
        var builder = Types.primitive(physical, OPTIONAL).as(LogicalTypeAnnotation.decimalType(scale, precision));
        if (length > 0) {
            builder = builder.length(length);
        }
        Column.Writer writer = switch (physical) {
            case INT32 -> (g, i, v) -> g.add(i, ((BigDecimal) v).unscaledValue().intValueExact());
            case INT64 -> (g, i, v) -> g.add(i, ((BigDecimal) v).unscaledValue().longValueExact());
            case FIXED_LEN_BYTE_ARRAY -> (g, i, v) -> g.add(i, Binary.fromConstantByteArray(twosComplement(((BigDecimal) v).unscaledValue(), length)));
            default -> (g, i, v) -> g.add(i, Binary.fromConstantByteArray(((BigDecimal) v).unscaledValue().toByteArray()));
        };
        return new Column(builder.named(name), values, writer, "decimal(" + precision + "," + scale + ")", Literal.DECIMAL, "%s");
    }

    public static Column bool(String name, IntFunction<Object> values) {
        return new Column(Types.primitive(PrimitiveTypeName.BOOLEAN, OPTIONAL).named(name), values,
                (g, i, v) -> g.add(i, (Boolean) v), "boolean", Literal.BOOLEAN, "%s");
    }

    /** BINARY annotated STRING, ENUM or JSON: varchar. */
    public static Column string(String name, LogicalTypeAnnotation annotation, IntFunction<Object> values) {
        return new Column(Types.primitive(PrimitiveTypeName.BINARY, OPTIONAL).as(annotation).named(name), values,
                (g, i, v) -> g.add(i, Binary.fromString((String) v)), "varchar", Literal.VARCHAR, "%s");
    }

    public static Column binary(String name, IntFunction<Object> values) {
        return new Column(Types.primitive(PrimitiveTypeName.BINARY, OPTIONAL).named(name), values,
                (g, i, v) -> g.add(i, Binary.fromConstantByteArray((byte[]) v)), "varbinary", Literal.VARBINARY, "%s");
    }

    public static Column date(String name, IntFunction<Object> values) {
        return new Column(Types.primitive(PrimitiveTypeName.INT32, OPTIONAL).as(LogicalTypeAnnotation.dateType()).named(name), values,
                (g, i, v) -> g.add(i, (int) ((LocalDate) v).toEpochDay()), "date", Literal.DATE, "%s");
    }

    /**
     * TIMESTAMP(unit, adjustedToUTC) on int64. The value is what the file holds: an Instant (UTC) or a LocalDateTime
     * cut to the unit. The connector shows UTC-adjusted ones as {@code timestamp(3) with time zone}, others as
     * {@code timestamp(3)}, the Hive table at Athena's default precision, milliseconds, as {@code timestamp(3)}: they are
     * compared as {@code timestamp(3)} (the session's zone is UTC), and predicates see the same rounded values.
     */
    public static Column timestamp(String name, TimeUnit unit, boolean utc, IntFunction<Object> instants) {
        ChronoUnit precision = switch (unit) {
            case MILLIS -> ChronoUnit.MILLIS;
            case MICROS -> ChronoUnit.MICROS;
            case NANOS -> ChronoUnit.NANOS;
        };
        IntFunction<Object> values = row -> {
            Object v = instants.apply(row);
            if (v == null) {
                return null;
            }
            Instant instant = ((Instant) v).truncatedTo(precision);
            return utc ? instant : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        };
        Column.Writer writer = (g, i, v) -> {
            Instant instant = v instanceof Instant at ? at : ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
            long seconds = instant.getEpochSecond();
            long value = switch (unit) {
                case MILLIS -> seconds * 1_000 + instant.getNano() / 1_000_000;
                case MICROS -> seconds * 1_000_000 + instant.getNano() / 1_000;
                case NANOS -> seconds * 1_000_000_000 + instant.getNano();
            };
            g.add(i, value);
        };
        // the connector shows milliseconds, as Athena reads parquet timestamps; the Hive table reads nanoseconds and
        // the cast rounds them as Trino's reader rounds to milliseconds
        return new Column(Types.primitive(PrimitiveTypeName.INT64, OPTIONAL).as(LogicalTypeAnnotation.timestampType(utc, unit)).named(name),
                values, writer, "timestamp", Literal.timestamp(3), "CAST(%s AS timestamp(3))");
    }

    /** INT96 (Impala, Hive and Spark's legacy timestamps): nanoseconds of the day and a Julian day, read as UTC wall clock. */
    public static Column int96(String name, IntFunction<Object> localDateTimes) {
        return new Column(Types.primitive(PrimitiveTypeName.INT96, OPTIONAL).named(name), localDateTimes,
                (g, i, v) -> g.add(i, int96((LocalDateTime) v)), "timestamp", Literal.timestamp(3), "CAST(%s AS timestamp(3))");
    }

    public static NanoTime int96(LocalDateTime value) {
        long julianDay = value.toLocalDate().toEpochDay() + 2_440_588L;
        return new NanoTime((int) julianDay, value.toLocalTime().toNanoOfDay());
    }

    /** TIME(MILLIS) on int32 or TIME(MICROS|NANOS) on int64: the connector shows {@code HH:mm:ss.fff…} text. */
    public static Column time(String name, TimeUnit unit, IntFunction<Object> localTimes) {
        PrimitiveTypeName physical = unit == TimeUnit.MILLIS ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64;
        Column.Writer writer = (g, i, v) -> {
            long nanos = ((LocalTime) v).toNanoOfDay();
            switch (unit) {
                case MILLIS -> g.add(i, (int) (nanos / 1_000_000));
                case MICROS -> g.add(i, nanos / 1_000);
                case NANOS -> g.add(i, nanos);
            }
        };
        int digits = switch (unit) {
            case MILLIS -> 3;
            case MICROS -> 6;
            case NANOS -> 9;
        };
        java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss." + "S".repeat(digits));
        return new Column(Types.primitive(physical, OPTIONAL).as(LogicalTypeAnnotation.timeType(false, unit)).named(name),
                row -> {
                    Object v = localTimes.apply(row);
                    return v == null ? null : ((LocalTime) v).truncatedTo(unit == TimeUnit.MILLIS ? ChronoUnit.MILLIS
                            : unit == TimeUnit.MICROS ? ChronoUnit.MICROS : ChronoUnit.NANOS);
                }, writer, null, Literal.NONE, "%s", value -> ((LocalTime) value).format(format));
    }

    /** UUID on fixed_len_byte_array(16): the connector shows its canonical text. */
    public static Column uuid(String name, IntFunction<Object> uuids) {
        return new Column(Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, OPTIONAL).length(16)
                .as(LogicalTypeAnnotation.uuidType()).named(name), row -> {
                    Object v = uuids.apply(row);
                    return v == null ? null : v.toString();
                }, (g, i, v) -> {
                    UUID uuid = UUID.fromString((String) v);
                    ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
                    bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
                    g.add(i, Binary.fromConstantByteArray(bytes.array()));
                }, null, Literal.NONE, "%s", value -> (String) value);
    }

    static int fixedLength(int precision) {
        int bytes = 1;
        while (BigInteger.TEN.pow(precision).compareTo(BigInteger.ONE.shiftLeft(8 * bytes - 1)) > 0) {
            bytes++;
        }
        return bytes;
    }

    static byte[] twosComplement(BigInteger value, int length) {
        byte[] minimal = value.toByteArray();
        byte[] padded = new byte[length];
        byte sign = (byte) (value.signum() < 0 ? 0xFF : 0x00);
        java.util.Arrays.fill(padded, sign);
        System.arraycopy(minimal, 0, padded, length - minimal.length, minimal.length);
        return padded;
    }

    /** Writes a record's flat fields. */
    public static void write(Group record, java.util.List<Column> columns, int row) {
        for (int c = 0; c < columns.size(); c++) {
            Object value = columns.get(c).values().apply(row);
            if (value != null) {
                columns.get(c).writer().write(record, c, value);
            }
        }
    }
}
