package io.athenalake.connector.parquet;

import org.apache.arrow.vector.types.TimeUnit;
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
import java.util.UUID;

/**
 * Turns one parquet value into the Java value the SDK's block writers expect for the Arrow type chosen
 * by {@link ArrowTypes}: Byte/Short/Integer/Long for integers, Long epoch millis (micros for
 * microsecond timestamps), Integer epoch days, BigDecimal, String, byte[], Boolean, Float, Double.
 */
@FunctionalInterface
public interface Decoders {

    Object decode(Group group, int field, int index);

    long JULIAN_EPOCH_DAY = 2_440_588L;
    long MILLIS_PER_DAY = 86_400_000L;

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
                    return (g, f, i) -> LocalTime.ofNanoOfDay(g.getInteger(f, i) * 1_000_000L).toString();
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
                    long toNanos = time.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS ? 1_000L : 1L;
                    return (g, f, i) -> LocalTime.ofNanoOfDay(g.getLong(f, i) * toNanos).toString();
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
        boolean micros = target instanceof ArrowType.Timestamp ts && ts.getUnit() == TimeUnit.MICROSECOND;
        return switch (unit) {
            case MILLIS -> Group::getLong;
            case MICROS -> micros ? Group::getLong : (g, f, i) -> Math.floorDiv(g.getLong(f, i), 1_000L);
            case NANOS -> micros
                    ? (g, f, i) -> Math.floorDiv(g.getLong(f, i), 1_000L)
                    : (g, f, i) -> Math.floorDiv(g.getLong(f, i), 1_000_000L);
        };
    }

    /** INT96: nanoseconds of the day (8 bytes, little endian) then the Julian day (4 bytes), read as UTC. */
    static long int96Millis(Binary value) {
        ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = bytes.getLong();
        long julianDay = bytes.getInt() & 0xFFFFFFFFL;
        return (julianDay - JULIAN_EPOCH_DAY) * MILLIS_PER_DAY + Math.floorDiv(nanosOfDay, 1_000_000L);
    }
}
