package io.athenalake.connector.parquet;

import io.athenalake.connector.errors.ConnectorErrors;
import io.athenalake.connector.mapping.Names;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * Parquet types onto the Arrow types the Athena federation SDK supports. Unsigned integers are widened
 * to the next signed type (UINT64 to DECIMAL(20,0)); timestamps adjusted to UTC become Athena
 * {@code timestamp with time zone} in milliseconds (zone UTC), timezone-less timestamps and INT96 Athena
 * {@code timestamp} in milliseconds; finer units are rounded to the millisecond as Athena's own parquet reader
 * rounds them. Not microseconds: on Lambda the SDK compares zoned timestamps in Athena's packed form
 * (milliseconds and a zone key in one long), which exists for milliseconds only, so a predicate on a
 * microsecond column would fail the query. Inside lists, structs and maps every timestamp is a
 * {@code timestamp} in milliseconds, because the SDK cannot write zoned timestamps there.
 */
public final class ArrowTypes {

    static final String LIST_ITEM = "item";
    public static final ArrowType UTC_MILLIS = new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");
    public static final ArrowType DATE_MILLI = new ArrowType.Date(DateUnit.MILLISECOND);
    public static final ArrowType DATE_DAY = new ArrowType.Date(DateUnit.DAY);
    public static final ArrowType VARCHAR = ArrowType.Utf8.INSTANCE;

    private ArrowTypes() {
    }

    /** The Arrow field for a top-level parquet column, named as Athena sees it (lower case). */
    public static Field field(Type type, String file) {
        return field(type, file, Names.athenaName(type.getName()), false);
    }

    private static Field field(Type type, String file, String name, boolean nested) {
        if (type.isRepetition(Type.Repetition.REPEATED)) {
            // a bare repeated field is a list of required elements
            Field element = elementField(type, file, nested);
            return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(element));
        }
        if (type.isPrimitive()) {
            return new Field(name, FieldType.nullable(primitive(type.asPrimitiveType(), file, nested)), null);
        }
        GroupType group = type.asGroupType();
        Field listOrMap = listOrMap(name, group, file);
        if (listOrMap != null) {
            return listOrMap;
        }
        List<Field> children = new ArrayList<>();
        for (Type child : group.getFields()) {
            children.add(field(child, file, Names.athenaName(child.getName()), true));
        }
        if (children.isEmpty()) {
            throw ConnectorErrors.unsupported("The column '" + type.getName() + "' in " + file + " is an empty group.");
        }
        return new Field(name, FieldType.nullable(ArrowType.Struct.INSTANCE), children);
    }

    private static Field elementField(Type repeated, String file, boolean nested) {
        if (repeated.isPrimitive()) {
            return new Field(LIST_ITEM, FieldType.nullable(primitive(repeated.asPrimitiveType(), file, true)), null);
        }
        GroupType group = repeated.asGroupType();
        // the element is itself a list or a map (Avro's 2-level list of lists: repeated group array (LIST) { ... })
        Field listOrMap = listOrMap(LIST_ITEM, group, file);
        if (listOrMap != null) {
            return listOrMap;
        }
        List<Field> children = new ArrayList<>();
        for (Type child : group.getFields()) {
            children.add(field(child, file, Names.athenaName(child.getName()), true));
        }
        return new Field(LIST_ITEM, FieldType.nullable(ArrowType.Struct.INSTANCE), children);
    }

    /** A LIST- or MAP-annotated group as an Arrow list or map; null for any other group. */
    private static Field listOrMap(String name, GroupType group, String file) {
        LogicalTypeAnnotation logical = group.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(listElement(group, file)));
        }
        if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
            return mapField(name, group, file);
        }
        return null;
    }

    /** The element of a LIST-annotated group, in the standard 3-level or one of the legacy 2-level layouts. */
    private static Field listElement(GroupType list, String file) {
        Type repeated = list.getType(0);
        if (ListShape.isElementItself(list, repeated)) {
            return elementField(repeated, file, true);
        }
        Type element = repeated.asGroupType().getType(0);
        Field inner = field(element, file, LIST_ITEM, true);
        return new Field(LIST_ITEM, inner.getFieldType(), inner.getChildren());
    }

    private static Field mapField(String name, GroupType map, String file) {
        GroupType keyValue = map.getType(0).asGroupType();
        Field key = field(keyValue.getType(0), file, MapVector.KEY_NAME, true);
        key = new Field(MapVector.KEY_NAME, FieldType.notNullable(key.getType()), key.getChildren());
        Field value = keyValue.getFieldCount() > 1
                ? field(keyValue.getType(1), file, MapVector.VALUE_NAME, true)
                : new Field(MapVector.VALUE_NAME, FieldType.nullable(VARCHAR), null);
        Field entries = new Field(MapVector.DATA_VECTOR_NAME, FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(key, value));
        return new Field(name, FieldType.nullable(new ArrowType.Map(false)), List.of(entries));
    }

    static ArrowType primitive(PrimitiveType type, String file, boolean nested) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        switch (type.getPrimitiveTypeName()) {
            case BOOLEAN:
                return ArrowType.Bool.INSTANCE;
            case FLOAT:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case INT96:
                return DATE_MILLI;
            case INT32:
                if (logical instanceof IntLogicalTypeAnnotation ints) {
                    return integer(ints.getBitWidth(), ints.isSigned());
                }
                if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
                    return decimal(decimal, type, file);
                }
                if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return DATE_DAY;
                }
                if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
                    return VARCHAR;
                }
                if (logical == null) {
                    return new ArrowType.Int(32, true);
                }
                break;
            case INT64:
                if (logical instanceof IntLogicalTypeAnnotation ints) {
                    return integer(ints.getBitWidth(), ints.isSigned());
                }
                if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
                    return decimal(decimal, type, file);
                }
                if (logical instanceof TimestampLogicalTypeAnnotation timestamp) {
                    if (!timestamp.isAdjustedToUTC() || nested) {
                        return DATE_MILLI;
                    }
                    return UTC_MILLIS;
                }
                if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
                    return VARCHAR;
                }
                if (logical == null) {
                    return new ArrowType.Int(64, true);
                }
                break;
            case BINARY:
            case FIXED_LEN_BYTE_ARRAY:
                if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
                    return decimal(decimal, type, file);
                }
                if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
                        || logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
                    return VARCHAR;
                }
                if (logical == null || logical instanceof LogicalTypeAnnotation.BsonLogicalTypeAnnotation) {
                    return ArrowType.Binary.INSTANCE;
                }
                break;
            default:
                break;
        }
        throw ConnectorErrors.unsupported("The column '" + type.getName() + "' in " + file + " has the parquet type "
                + type.getPrimitiveTypeName() + (logical == null ? "" : " (" + logical + ")") + ", which the connector cannot map to an Athena type.");
    }

    private static ArrowType integer(int bits, boolean signed) {
        if (signed) {
            return new ArrowType.Int(bits, true);
        }
        return switch (bits) {
            case 8 -> new ArrowType.Int(16, true);
            case 16 -> new ArrowType.Int(32, true);
            case 32 -> new ArrowType.Int(64, true);
            default -> new ArrowType.Decimal(20, 0, 128);
        };
    }

    private static ArrowType decimal(DecimalLogicalTypeAnnotation decimal, PrimitiveType type, String file) {
        if (decimal.getPrecision() > 38) {
            throw ConnectorErrors.unsupported("The column '" + type.getName() + "' in " + file + " is DECIMAL("
                    + decimal.getPrecision() + "," + decimal.getScale() + "); Athena supports precision up to 38.");
        }
        return new ArrowType.Decimal(decimal.getPrecision(), decimal.getScale(), 128);
    }
}
