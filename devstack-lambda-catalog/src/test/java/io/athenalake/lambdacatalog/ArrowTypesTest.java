package io.athenalake.lambdacatalog;

import io.trino.spi.type.DecimalType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

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
    void nestedTypesAreJsonText() {
        Field list = new Field("tags", FieldType.nullable(ArrowType.List.INSTANCE),
                List.of(Field.nullable("element", new ArrowType.Int(32, true))));
        assertThat(ArrowTypes.trinoType(list)).isEqualTo(VARCHAR);
    }
}
