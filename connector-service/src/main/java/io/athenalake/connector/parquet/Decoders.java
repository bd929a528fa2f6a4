package io.athenalake.connector.parquet;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Turns one parquet value into the Java value the SDK's block writers expect for the Arrow type chosen
 * by {@link ArrowTypes}: Byte/Short/Integer/Long for integers, Long epoch millis for timestamps (packed with
 * the UTC zone key for zoned ones), Integer epoch days, BigDecimal, String, byte[], Boolean, Float, Double.
 */
@FunctionalInterface
public interface Decoders {

    Object decode(Group group, int field, int index);

    long JULIAN_EPOCH_DAY = 2_440_588L;
    long MILLIS_PER_DAY = 86_400_000L;
    int ZONE_KEY_BITS = 12;
    long UTC_ZONE_KEY = 0;
    /** TIME as text with every digit of its unit, so values of one column sort and compare as text. */
    DateTimeFormatter TIME_MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    DateTimeFormatter TIME_MICROS = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");
    DateTimeFormatter TIME_NANOS = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSSSS");

    static Decoders forType(PrimitiveType type, ArrowType target) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        switch (type.getPrimitiveTypeName()) {
            case BOOLEAN:
                return Group::getBoolean;
            case FLOAT:
                return Group::getFloat;
            case DOUBLE:
                return Group::getDouble;
            case INT96:
                return (g, f, i) -> int96Millis(g.getInt96(f, i));
            case INT32:
                if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
                    int scale = decimal.getScale();
                    return (g, f, i) -> BigDecimal.valueOf(g.getInteger(f, i), scale);
                }
                if (logical instanceof TimeLogicalTypeAnnotation) {
                    return (g, f, i) -> TIME_MILLIS.format(LocalTime.ofNanoOfDay(g.getInteger(f, i) * 1_000_000L));
                }
                if (logical instanceof IntLogicalTypeAnnotation ints && !ints.isSigned()) {
                    return switch (ints.getBitWidth()) {
                        case 8 -> (g, f, i) -> (short) (g.getInteger(f, i) & 0xFF);
                        case 16 -> (g, f, i) -> g.getInteger(f, i) & 0xFFFF;
                        default -> (g, f, i) -> Integer.toUnsignedLong(g.getInteger(f, i));
                    };
                }
                if (target instanceof ArrowType.Int arrowInt && arrowInt.getBitWidth() == 8) {
                    return (g, f, i) -> (byte) g.getInteger(f, i);
                }
                if (target instanceof ArrowType.Int arrowInt && arrowInt.getBitWidth() == 16) {
                    return (g, f, i) -> (short) g.getInteger(f, i);
                }
                return Group::getInteger;
            case INT64:
                if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
                    int scale = decimal.getScale();
                    return (g, f, i) -> BigDecimal.valueOf(g.getLong(f, i), scale);
                }
                if (logical instanceof IntLogicalTypeAnnotation ints && !ints.isSigned()) {
                    return (g, f, i) -> new BigDecimal(Long.toUnsignedString(g.getLong(f, i)));
                }
                if (logical instanceof TimestampLogicalTypeAnnotation timestamp) {
                    return timestamp(timestamp.getUnit(), target);
                }
                if (logical instanceof TimeLogicalTypeAnnotation time) {
                    boolean micros = time.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS;
                    DateTimeFormatter format = micros ? TIME_MICROS : TIME_NANOS;
                    long toNanos = micros ? 1_000L : 1L;
                    return (g, f, i) -> format.format(LocalTime.ofNanoOfDay(g.getLong(f, i) * toNanos));
                }
                return Group::getLong;
            case BINARY:
            case FIXED_LEN_BYTE_ARRAY:
                if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
                    int scale = decimal.getScale();
                    return (g, f, i) -> new BigDecimal(new BigInteger(g.getBinary(f, i).getBytes()), scale);
                }
                if (logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
                    return (g, f, i) -> {
                        ByteBuffer bytes = g.getBinary(f, i).toByteBuffer();
                        return new UUID(bytes.getLong(), bytes.getLong()).toString();
                    };
                }
                if (target instanceof ArrowType.Utf8) {
                    return (g, f, i) -> g.getBinary(f, i).toStringUsingUTF8();
                }
                return (g, f, i) -> g.getBinary(f, i).getBytes();
            default:
                throw new IllegalStateException("unmapped parquet type " + type);
        }
    }

    private static Decoders timestamp(LogicalTypeAnnotation.TimeUnit unit, ArrowType target) {
        long perMilli = switch (unit) {
            case MILLIS -> 1L;
            case MICROS -> 1_000L;
            case NANOS -> 1_000_000L;
        };
        if (target instanceof ArrowType.Timestamp) {
            return (g, f, i) -> packUtc(roundToMillis(g.getLong(f, i), perMilli));
        }
        return (g, f, i) -> roundToMillis(g.getLong(f, i), perMilli);
    }

    /**
     * A count of {@code perMilli} units as milliseconds, rounded half up as Athena's (Trino's) parquet reader rounds
     * timestamps to its millisecond precision: 1.4999 ms is 1 ms, 1.5 ms is 2 ms, -1.5 ms is -1 ms.
     */
    static long roundToMillis(long value, long perMilli) {
        return perMilli == 1 ? value : Math.floorDiv(value + perMilli / 2, perMilli);
    }

    /**
     * Milliseconds since the epoch as Athena's {@code timestamp with time zone} travels on Lambda: its packed form,
     * the milliseconds shifted left by 12 bits with the zone's key in the low bits (key 0 is UTC). The SDK
     * reads and compares zoned millisecond timestamps in this form (its {@code DateTimeFormatterUtil}).
     */
    static long packUtc(long epochMillis) {
        return (epochMillis << ZONE_KEY_BITS) | UTC_ZONE_KEY;
    }

    /** INT96: nanoseconds of the day (8 bytes, little endian) then the Julian day (4 bytes), read as UTC. */
    static long int96Millis(Binary value) {
        ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = bytes.getLong();
        long julianDay = bytes.getInt() & 0xFFFFFFFFL;
        return (julianDay - JULIAN_EPOCH_DAY) * MILLIS_PER_DAY + roundToMillis(nanosOfDay, 1_000_000L);
    }
}
