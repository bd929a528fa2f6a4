package io.athenalake.lambdacatalog;

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.spi.block.ArrayValueBuilder;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.MapValueBuilder;
import io.trino.spi.block.RowValueBuilder;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.BooleanType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.LongTimestampWithTimeZone;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RealType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.SmallintType;
import io.trino.spi.type.TimeZoneKey;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.TinyintType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;
import io.trino.spi.type.VarbinaryType;
import io.trino.spi.type.VarcharType;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

import java.math.BigDecimal;

import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;

/**
 * The Arrow types of the federation protocol as Trino types, and Arrow values as Trino's stack values — the
 * mapping Athena applies to connector schemas: lists, structs and maps are arrays, rows and maps, with every
 * null (an element, a field, a map value) kept.
 */
final class ArrowTypes {

    /** Map types need the engine's type operators (key equality and hashing). */
    private static final TypeOperators TYPE_OPERATORS = new TypeOperators();

    private ArrowTypes() {
    }

    static Type trinoType(Field field) {
        ArrowType type = field.getType();
        return switch (type.getTypeID()) {
            case Int -> switch (((ArrowType.Int) type).getBitWidth()) {
                case 8 -> TinyintType.TINYINT;
                case 16 -> SmallintType.SMALLINT;
                case 32 -> IntegerType.INTEGER;
                default -> BigintType.BIGINT;
            };
            case FloatingPoint -> ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE
                    ? DoubleType.DOUBLE : RealType.REAL;
            case Decimal -> DecimalType.createDecimalType(((ArrowType.Decimal) type).getPrecision(),
                    ((ArrowType.Decimal) type).getScale());
            case Bool -> BooleanType.BOOLEAN;
            case Date -> ((ArrowType.Date) type).getUnit() == DateUnit.DAY ? DateType.DATE : TimestampType.TIMESTAMP_MILLIS;
            case Timestamp -> {
                ArrowType.Timestamp timestamp = (ArrowType.Timestamp) type;
                int precision = switch (timestamp.getUnit()) {
                    case SECOND -> 0;
                    case MILLISECOND -> 3;
                    default -> 6;
                };
                yield timestamp.getTimezone() == null
                        ? TimestampType.createTimestampType(precision)
                        : TimestampWithTimeZoneType.createTimestampWithTimeZoneType(precision);
            }
            case Binary, LargeBinary, FixedSizeBinary -> VarbinaryType.VARBINARY;
            case List -> new ArrayType(trinoType(field.getChildren().get(0)));
            case Struct -> RowType.from(field.getChildren().stream()
                    .map(child -> RowType.field(child.getName(), trinoType(child))).toList());
            case Map -> {
                Field entries = field.getChildren().get(0);
                yield new MapType(trinoType(entries.getChildren().get(0)), trinoType(entries.getChildren().get(1)), TYPE_OPERATORS);
            }
            default -> VarcharType.VARCHAR; // Utf8, LargeUtf8
        };
    }

    /** A boolean column's value. */
    static boolean booleanValue(FieldVector vector, int row) {
        return ((BitVector) vector).get(row) == 1;
    }

    /** Trino's long stack value: integers, real (float bits), short decimals, dates, short timestamps. */
    static long longValue(FieldVector vector, Type type, int row) {
        if (vector instanceof BaseIntVector integers) {
            return integers.getValueAsLong(row);
        }
        if (vector instanceof Float4Vector floats) {
            return Float.floatToRawIntBits(floats.get(row));
        }
        if (vector instanceof DecimalVector decimals) {
            return decimal(decimals, (DecimalType) type, row).unscaledValue().longValueExact();
        }
        if (vector instanceof DateDayVector days) {
            return days.get(row);
        }
        if (vector instanceof DateMilliVector millis) {
            return millis.get(row) * 1_000L;
        }
        if (vector instanceof TimeStampVector timestamps) {
            long value = timestamps.get(row);
            TimeUnit unit = ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
            if (type instanceof TimestampWithTimeZoneType) {
                if (unit == TimeUnit.MILLISECOND) {
                    // Athena's packed form on Lambda (the SDK writes it): milliseconds << 12 | the zone's key
                    return packDateTimeWithZone(value >> 12, TimeZoneKey.getTimeZoneKey((short) (value & 0xFFF)));
                }
                return packDateTimeWithZone(toMillis(value, unit), TimeZoneKey.UTC_KEY);
            }
            return toMicros(value, unit);
        }
        throw new IllegalArgumentException("no long value for " + vector.getField());
    }

    static double doubleValue(FieldVector vector, int row) {
        return ((Float8Vector) vector).get(row);
    }

    static Slice sliceValue(FieldVector vector, int row) {
        if (vector instanceof VarCharVector text) {
            return Slices.wrappedBuffer(text.get(row));
        }
        if (vector instanceof VarBinaryVector binary) {
            return Slices.wrappedBuffer(binary.get(row));
        }
        if (vector instanceof BaseFixedWidthVector fixed && vector.getField().getType() instanceof ArrowType.FixedSizeBinary) {
            return Slices.wrappedBuffer((byte[]) fixed.getObject(row));
        }
        throw new IllegalArgumentException("no slice value for " + vector.getField());
    }

    /** Trino's object stack value: arrays, maps, rows, long decimals, microsecond timestamps with a time zone. */
    static Object objectValue(FieldVector vector, Type type, int row) {
        if (type instanceof MapType map) {
            MapVector entries = (MapVector) vector;
            int first = entries.getElementStartIndex(row);
            int end = entries.getElementEndIndex(row);
            StructVector pairs = (StructVector) entries.getDataVector();
            FieldVector keys = (FieldVector) pairs.getChildByOrdinal(0);
            FieldVector values = (FieldVector) pairs.getChildByOrdinal(1);
            return MapValueBuilder.buildMapValue(map, end - first, (keyBuilder, valueBuilder) -> {
                for (int i = first; i < end; i++) {
                    write(keyBuilder, map.getKeyType(), keys, i);
                    write(valueBuilder, map.getValueType(), values, i);
                }
            });
        }
        if (type instanceof ArrayType array) {
            ListVector list = (ListVector) vector;
            int first = list.getElementStartIndex(row);
            int end = list.getElementEndIndex(row);
            FieldVector elements = list.getDataVector();
            return ArrayValueBuilder.buildArrayValue(array, end - first, builder -> {
                for (int i = first; i < end; i++) {
                    write(builder, array.getElementType(), elements, i);
                }
            });
        }
        if (type instanceof RowType rowType) {
            StructVector struct = (StructVector) vector;
            return RowValueBuilder.buildRowValue(rowType, fields -> {
                for (int f = 0; f < fields.size(); f++) {
                    write(fields.get(f), rowType.getFields().get(f).getType(), (FieldVector) struct.getChildByOrdinal(f), row);
                }
            });
        }
        if (vector instanceof DecimalVector decimals) {
            return Int128.valueOf(decimal(decimals, (DecimalType) type, row).unscaledValue());
        }
        if (vector instanceof TimeStampVector timestamps) {
            long value = timestamps.get(row);
            TimeUnit unit = ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
            long micros = toMicros(value, unit);
            long millis = Math.floorDiv(micros, 1000);
            int picosOfMilli = (int) Math.floorMod(micros, 1000) * 1_000_000;
            return LongTimestampWithTimeZone.fromEpochMillisAndFraction(millis, picosOfMilli, TimeZoneKey.UTC_KEY);
        }
        throw new IllegalArgumentException("no object value for " + vector.getField());
    }

    /** One value of a nested vector into Trino's block builder of its type; a null stays null at every level. */
    private static void write(BlockBuilder builder, Type type, FieldVector vector, int row) {
        if (vector.isNull(row)) {
            builder.appendNull();
        } else if (type instanceof ArrayType || type instanceof MapType || type instanceof RowType) {
            type.writeObject(builder, objectValue(vector, type, row));
        } else if (type.getJavaType() == long.class) {
            type.writeLong(builder, longValue(vector, type, row));
        } else if (type.getJavaType() == double.class) {
            type.writeDouble(builder, doubleValue(vector, row));
        } else if (type.getJavaType() == boolean.class) {
            type.writeBoolean(builder, booleanValue(vector, row));
        } else if (type.getJavaType() == Slice.class) {
            type.writeSlice(builder, sliceValue(vector, row));
        } else {
            type.writeObject(builder, objectValue(vector, type, row));
        }
    }

    private static BigDecimal decimal(DecimalVector vector, DecimalType type, int row) {
        return vector.getObject(row).setScale(type.getScale());
    }

    private static long toMicros(long value, TimeUnit unit) {
        return switch (unit) {
            case SECOND -> value * 1_000_000L;
            case MILLISECOND -> value * 1_000L;
            case MICROSECOND -> value;
            case NANOSECOND -> Math.floorDiv(value, 1_000L);
        };
    }

    private static long toMillis(long value, TimeUnit unit) {
        return switch (unit) {
            case SECOND -> value * 1_000L;
            case MILLISECOND -> value;
            case MICROSECOND -> Math.floorDiv(value, 1_000L);
            case NANOSECOND -> Math.floorDiv(value, 1_000_000L);
        };
    }
}
