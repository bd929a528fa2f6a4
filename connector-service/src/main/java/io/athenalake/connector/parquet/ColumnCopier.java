package io.athenalake.connector.parquet;

import com.amazonaws.athena.connector.lambda.data.BlockUtils;
import com.amazonaws.athena.connector.lambda.data.FieldResolver;
import io.athenalake.connector.mapping.Names;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies one column of a parquet record into the Arrow vector Athena asked for. Flat columns of the
 * common types are written straight into their vectors; nested ones are assembled as Java lists and maps
 * and written through the SDK's complex-value writer.
 */
abstract class ColumnCopier {

    final String name;

    private ColumnCopier(String name) {
        this.name = name;
    }

    abstract void copy(Group record, FieldVector vector, int row);

    /** A column the file does not have: null in every row. */
    static ColumnCopier missing(String name) {
        return new ColumnCopier(name) {
            @Override
            void copy(Group record, FieldVector vector, int row) {
                setNull(vector, row);
            }
        };
    }

    /** Complex vectors take their nulls through the SDK's complex writer, which keeps their offsets consistent. */
    static void setNull(FieldVector vector, int row) {
        if (vector.getField().getType().isComplex()) {
            BlockUtils.setComplexValue(vector, row, FieldResolver.DEFAULT, null);
        } else {
            BlockUtils.setValue(vector, row, null);
        }
    }

    static ColumnCopier of(Field target, GroupType recordType, int index) {
        Type type = recordType.getType(index);
        if (type.isPrimitive() && !type.isRepetition(Type.Repetition.REPEATED)) {
            return primitive(target, type.asPrimitiveType(), index);
        }
        Nested nested = new Nested();
        return new ColumnCopier(target.getName()) {
            @Override
            void copy(Group record, FieldVector vector, int row) {
                Object value = nested.fieldValue(type, record, index, target);
                if (value == null) {
                    setNull(vector, row);
                } else {
                    BlockUtils.setComplexValue(vector, row, FieldResolver.DEFAULT, value);
                }
            }
        };
    }

    private static ColumnCopier primitive(Field target, PrimitiveType type, int index) {
        ArrowType arrow = target.getType();
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        boolean plain = logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation ints && ints.isSigned();
        switch (type.getPrimitiveTypeName()) {
            case INT32:
                if (plain && arrow instanceof ArrowType.Int i && i.getBitWidth() == 32) {
                    return direct(target, index, (g, v, r) -> ((IntVector) v).setSafe(r, g.getInteger(index, 0)));
                }
                break;
            case INT64:
                if (plain && arrow instanceof ArrowType.Int i && i.getBitWidth() == 64) {
                    return direct(target, index, (g, v, r) -> ((BigIntVector) v).setSafe(r, g.getLong(index, 0)));
                }
                break;
            case DOUBLE:
                return direct(target, index, (g, v, r) -> ((Float8Vector) v).setSafe(r, g.getDouble(index, 0)));
            case FLOAT:
                return direct(target, index, (g, v, r) -> ((Float4Vector) v).setSafe(r, g.getFloat(index, 0)));
            case BOOLEAN:
                return direct(target, index, (g, v, r) -> ((BitVector) v).setSafe(r, g.getBoolean(index, 0) ? 1 : 0));
            case BINARY:
                if (arrow instanceof ArrowType.Utf8 && !(logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation)) {
                    return direct(target, index, (g, v, r) -> {
                        Binary binary = g.getBinary(index, 0);
                        ByteBuffer bytes = binary.toByteBuffer();
                        ((VarCharVector) v).setSafe(r, bytes, bytes.position(), bytes.remaining());
                    });
                }
                break;
            default:
                break;
        }
        Decoders decoder = Decoders.forType(type, arrow);
        return direct(target, index, (g, v, r) -> BlockUtils.setValue(v, r, decoder.decode(g, index, 0)));
    }

    @FunctionalInterface
    private interface Setter {
        void set(Group record, FieldVector vector, int row);
    }

    private static ColumnCopier direct(Field target, int index, Setter setter) {
        return new ColumnCopier(target.getName()) {
            @Override
            void copy(Group record, FieldVector vector, int row) {
                if (record.getFieldRepetitionCount(index) == 0) {
                    BlockUtils.setValue(vector, row, null);
                } else {
                    setter.set(record, vector, row);
                }
            }
        };
    }

    /** Lists, structs and maps as the Java values the SDK's complex writer takes. */
    private static final class Nested {
        private final Map<Type, Decoders> decoders = new IdentityHashMap<>();

        Object fieldValue(Type type, Group parent, int field, Field target) {
            int count = parent.getFieldRepetitionCount(field);
            if (type.isRepetition(Type.Repetition.REPEATED)) {
                Field element = target.getChildren().get(0);
                List<Object> values = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    values.add(element(type, parent, field, i, element));
                }
                return values;
            }
            return count == 0 ? null : element(type, parent, field, 0, target);
        }

        private Object element(Type type, Group parent, int field, int index, Field target) {
            if (type.isPrimitive()) {
                return decoders.computeIfAbsent(type, t -> Decoders.forType(t.asPrimitiveType(), target.getType()))
                        .decode(parent, field, index);
            }
            Group group = parent.getGroup(field, index);
            GroupType groupType = type.asGroupType();
            LogicalTypeAnnotation logical = groupType.getLogicalTypeAnnotation();
            if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
                return list(groupType, group, target.getChildren().get(0));
            }
            if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                    || logical instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
                return map(groupType, group, target.getChildren().get(0));
            }
            return struct(groupType, group, target);
        }

        private List<Object> list(GroupType listType, Group list, Field element) {
            Type repeated = listType.getType(0);
            int count = list.getFieldRepetitionCount(0);
            List<Object> values = new ArrayList<>(count);
            boolean elementItself = ListShape.isElementItself(listType, repeated);
            for (int i = 0; i < count; i++) {
                if (elementItself) {
                    values.add(element(repeated, list, 0, i, element));
                } else {
                    Group wrapper = list.getGroup(0, i);
                    Type elementType = repeated.asGroupType().getType(0);
                    values.add(wrapper.getFieldRepetitionCount(0) == 0 ? null : element(elementType, wrapper, 0, 0, element));
                }
            }
            return values;
        }

        private Map<Object, Object> map(GroupType mapType, Group map, Field entries) {
            GroupType keyValue = mapType.getType(0).asGroupType();
            Field keyField = entries.getChildren().get(0);
            Field valueField = entries.getChildren().get(1);
            int count = map.getFieldRepetitionCount(0);
            Map<Object, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                Group entry = map.getGroup(0, i);
                Object key = element(keyValue.getType(0), entry, 0, 0, keyField);
                Object value = keyValue.getFieldCount() > 1 && entry.getFieldRepetitionCount(1) > 0
                        ? element(keyValue.getType(1), entry, 1, 0, valueField) : null;
                values.put(key, value);
            }
            return values;
        }

        private Map<String, Object> struct(GroupType structType, Group struct, Field target) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Field child : target.getChildren()) {
                Object value = null;
                for (int i = 0; i < structType.getFieldCount(); i++) {
                    Type childType = structType.getType(i);
                    if (Names.athenaName(childType.getName()).equals(child.getName())) {
                        value = fieldValue(childType, struct, i, child);
                        break;
                    }
                }
                values.put(child.getName(), value);
            }
            return values;
        }
    }
}
