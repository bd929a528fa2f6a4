package io.athenalake.lambdacatalog;

import com.amazonaws.athena.connector.lambda.data.BlockUtils;
import io.trino.spi.block.Block;
import io.trino.spi.block.SqlMap;
import io.trino.spi.block.SqlRow;
import io.trino.spi.type.DateTimeEncoding;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimeZoneKey;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.complex.impl.UnionMapWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The federation protocol's Arrow types as the Trino types Athena shows for them. */
class ArrowTypesTest {

    @Test
    void everyArrowTypeTheSdkWritesHasATrinoType() {
        Map<ArrowType, Type> expected = new java.util.LinkedHashMap<>();
        expected.put(new ArrowType.Int(8, true), TINYINT);
        expected.put(new ArrowType.Int(16, true), SMALLINT);
        expected.put(new ArrowType.Int(32, true), INTEGER);
        expected.put(new ArrowType.Int(64, true), BIGINT);
        expected.put(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), REAL);
        expected.put(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), DOUBLE);
        expected.put(new ArrowType.Decimal(9, 2, 128), DecimalType.createDecimalType(9, 2));
        expected.put(new ArrowType.Decimal(30, 5, 128), DecimalType.createDecimalType(30, 5));
        expected.put(ArrowType.Bool.INSTANCE, BOOLEAN);
        expected.put(ArrowType.Utf8.INSTANCE, VARCHAR);
        expected.put(ArrowType.Binary.INSTANCE, VARBINARY);
        expected.put(new ArrowType.Date(DateUnit.DAY), DATE);
        expected.put(new ArrowType.Date(DateUnit.MILLISECOND), TimestampType.TIMESTAMP_MILLIS);
        expected.put(new ArrowType.Timestamp(TimeUnit.MILLISECOND, null), TimestampType.createTimestampType(3));
        expected.put(new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"), TimestampWithTimeZoneType.createTimestampWithTimeZoneType(3));
        expected.put(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), TimestampWithTimeZoneType.createTimestampWithTimeZoneType(6));
        expected.forEach((arrow, trino) -> assertThat(ArrowTypes.trinoType(Field.nullable("c", arrow))).as(arrow.toString())
                .isEqualTo(trino));
    }

    @Test
    void listsStructsAndMapsAreArraysRowsAndMaps() {
        Type type = ArrowTypes.trinoType(NESTED);
        assertThat(type.getDisplayName())
                .isEqualTo("row(tags array(integer), attrs map(varchar, bigint), inner row(a integer, b varchar))");
    }

    @Test
    void zonedMillisecondTimestampsAreReadInAthenasPackedForm() {
        // what the SDK writes for a zoned timestamp (BlockUtils packs a ZonedDateTime) is what Athena reads
        Instant at = Instant.parse("2024-03-15T10:15:30.123Z");
        Field field = Field.nullable("at", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"));
        try (BufferAllocator allocator = new RootAllocator(); FieldVector vector = field.createVector(allocator)) {
            vector.allocateNew();
            BlockUtils.setValue(vector, 0, at.atZone(ZoneId.of("UTC")));
            // an unpacked epoch value, as a connector that skips the packing writes it
            ((TimeStampMilliTZVector) vector).setSafe(1, at.toEpochMilli());
            vector.setValueCount(2);
            Type type = ArrowTypes.trinoType(field);
            long packed = ArrowTypes.longValue(vector, type, 0);
            assertThat(DateTimeEncoding.unpackMillisUtc(packed)).isEqualTo(at.toEpochMilli());
            assertThat(DateTimeEncoding.unpackZoneKey(packed)).isEqualTo(TimeZoneKey.UTC_KEY);
            // its low bits (3659 here) are no zone key: refused, as Athena refuses it
            assertThatThrownBy(() -> ArrowTypes.longValue(vector, type, 1)).hasMessageContaining("Invalid time zone key");
        }
    }

    @Test
    void nestedValuesKeepEveryNull() {
        try (BufferAllocator allocator = new RootAllocator();
             StructVector root = (StructVector) NESTED.createVector(allocator)) {
            root.allocateNew();
            // row 0: tags [1, null, 3], attrs {x: 7, y: null}, inner {a: null, b: "b"}
            UnionListWriter tags = ((ListVector) root.getChild("tags")).getWriter();
            tags.setPosition(0);
            tags.startList();
            tags.integer().writeInt(1);
            tags.writeNull();
            tags.integer().writeInt(3);
            tags.endList();
            MapVector attrs = (MapVector) root.getChild("attrs");
            UnionMapWriter map = attrs.getWriter();
            map.setPosition(0);
            map.startMap();
            map.startEntry();
            map.key().varChar().writeVarChar("x");
            map.value().bigInt().writeBigInt(7);
            map.endEntry();
            map.startEntry();
            map.key().varChar().writeVarChar("y");
            map.endEntry();
            map.endMap();
            StructVector inner = (StructVector) root.getChild("inner");
            inner.setIndexDefined(0);
            ((VarCharVector) inner.getChild("b")).setSafe(0, "b".getBytes(StandardCharsets.UTF_8));
            root.setIndexDefined(0);
            root.setValueCount(1);

            RowType type = (RowType) ArrowTypes.trinoType(NESTED);
            SqlRow row = (SqlRow) ArrowTypes.objectValue(root, type, 0);
            Block tagValues = (Block) readField(row, 0, type.getFields().get(0).getType());
            assertThat(tagValues.getPositionCount()).isEqualTo(3);
            assertThat(INTEGER.getInt(tagValues, 0)).isEqualTo(1);
            assertThat(tagValues.isNull(1)).as("a null element").isTrue();
            assertThat(INTEGER.getInt(tagValues, 2)).isEqualTo(3);

            SqlMap attrValues = (SqlMap) readField(row, 1, type.getFields().get(1).getType());
            assertThat(attrValues.getSize()).isEqualTo(2);
            int offset = attrValues.getRawOffset();
            assertThat(VARCHAR.getSlice(attrValues.getRawKeyBlock(), offset + 1).toStringUtf8()).isEqualTo("y");
            assertThat(attrValues.getRawValueBlock().isNull(offset + 1)).as("a key without a value").isTrue();
            assertThat(BIGINT.getLong(attrValues.getRawValueBlock(), offset)).isEqualTo(7);

            SqlRow innerValues = (SqlRow) readField(row, 2, type.getFields().get(2).getType());
            assertThat(innerValues.getRawFieldBlock(0).isNull(innerValues.getRawIndex())).as("a null struct field").isTrue();
            assertThat(VARCHAR.getSlice(innerValues.getRawFieldBlock(1), innerValues.getRawIndex()).toStringUtf8()).isEqualTo("b");
        }
    }

    private static Object readField(SqlRow row, int field, Type type) {
        return type.getObject(row.getRawFieldBlock(field), row.getRawIndex());
    }

    static final Field NESTED = new Field("n", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
            new Field("tags", FieldType.nullable(ArrowType.List.INSTANCE), List.of(Field.nullable("item", new ArrowType.Int(32, true)))),
            new Field("attrs", FieldType.nullable(new ArrowType.Map(false)), List.of(
                    new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(
                            Field.notNullable("key", ArrowType.Utf8.INSTANCE), Field.nullable("value", new ArrowType.Int(64, true)))))),
            new Field("inner", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                    Field.nullable("a", new ArrowType.Int(32, true)), Field.nullable("b", ArrowType.Utf8.INSTANCE)))));
}
