package io.athenalake.connector.parquet;

import com.amazonaws.athena.connector.lambda.data.SupportedTypes;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class ArrowTypesTest {

    public static final MessageType ALL_TYPES = MessageTypeParser.parseMessageType("""
            message all_types {
              optional int32 i8 (INTEGER(8,true));
              optional int32 i16 (INTEGER(16,true));
              optional int32 i32;
              optional int64 i64;
              optional int32 u8 (INTEGER(8,false));
              optional int32 u16 (INTEGER(16,false));
              optional int32 u32 (INTEGER(32,false));
              optional int64 u64 (INTEGER(64,false));
              optional float f32;
              optional double f64;
              optional int32 dec9 (DECIMAL(9,2));
              optional int64 dec18 (DECIMAL(18,4));
              optional fixed_len_byte_array(13) dec30 (DECIMAL(30,5));
              optional boolean flag;
              optional binary Name (STRING);
              optional binary raw;
              optional int32 day (DATE);
              optional int64 ts_millis_utc (TIMESTAMP(MILLIS,true));
              optional int64 ts_micros_utc (TIMESTAMP(MICROS,true));
              optional int64 ts_nanos_local (TIMESTAMP(NANOS,false));
              optional int96 legacy_ts;
              optional group tags (LIST) { repeated group list { optional int32 element; } }
              optional group address { optional binary street (STRING); optional int32 Number; }
              optional group attrs (MAP) { repeated group key_value { required binary key (STRING); optional int64 value; } }
              repeated int32 legacy_list;
            }
            """);

    @Test
    void mapsRealParquetTypesOntoTypesTheSdkSupports() {
        Map<String, ArrowType> types = new LinkedHashMap<>();
        for (var column : ALL_TYPES.getFields()) {
            Field field = ArrowTypes.field(column, "s3://b/f.parquet");
            assertThat(SupportedTypes.isSupported(field)).as(field.toString()).isTrue();
            types.put(field.getName(), field.getType());
        }
        assertThat(types).containsEntry("i8", new ArrowType.Int(8, true))
                .containsEntry("i16", new ArrowType.Int(16, true))
                .containsEntry("i32", new ArrowType.Int(32, true))
                .containsEntry("i64", new ArrowType.Int(64, true))
                .containsEntry("u8", new ArrowType.Int(16, true))
                .containsEntry("u16", new ArrowType.Int(32, true))
                .containsEntry("u32", new ArrowType.Int(64, true))
                .containsEntry("u64", new ArrowType.Decimal(20, 0, 128))
                .containsEntry("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))
                .containsEntry("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))
                .containsEntry("dec9", new ArrowType.Decimal(9, 2, 128))
                .containsEntry("dec18", new ArrowType.Decimal(18, 4, 128))
                .containsEntry("dec30", new ArrowType.Decimal(30, 5, 128))
                .containsEntry("flag", ArrowType.Bool.INSTANCE)
                .containsEntry("name", ArrowType.Utf8.INSTANCE)
                .containsEntry("raw", ArrowType.Binary.INSTANCE)
                .containsEntry("day", ArrowTypes.DATE_DAY)
                .containsEntry("ts_millis_utc", ArrowTypes.UTC_MILLIS)
                .containsEntry("ts_micros_utc", ArrowTypes.UTC_MILLIS)
                .containsEntry("ts_nanos_local", ArrowTypes.DATE_MILLI)
                .containsEntry("legacy_ts", ArrowTypes.DATE_MILLI)
                .containsEntry("tags", ArrowType.List.INSTANCE)
                .containsEntry("address", ArrowType.Struct.INSTANCE)
                .containsEntry("attrs", new ArrowType.Map(false))
                .containsEntry("legacy_list", ArrowType.List.INSTANCE);
        Field address = ArrowTypes.field(ALL_TYPES.getType("address"), "f");
        assertThat(address.getChildren()).extracting(Field::getName).containsExactly("street", "number");
        Field attrs = ArrowTypes.field(ALL_TYPES.getType("attrs"), "f");
        assertThat(attrs.getChildren().get(0).getChildren()).extracting(Field::getName).containsExactly("key", "value");
        assertThat(ArrowTypes.field(ALL_TYPES.getType("tags"), "f").getChildren().get(0).getType()).isEqualTo(new ArrowType.Int(32, true));
    }

    @Test
    void anUnmappableTypeNamesTheColumnAndTheFile() {
        MessageType interval = MessageTypeParser.parseMessageType("message m { optional fixed_len_byte_array(12) span (INTERVAL); }");
        assertThatThrownBy(() -> ArrowTypes.field(interval.getType("span"), "s3://b/t/x.parquet"))
                .hasMessageStartingWith("The column 'span' in s3://b/t/x.parquet has the parquet type FIXED_LEN_BYTE_ARRAY");
    }

    @Test
    void int96TimestampsAreReadAsUtcMilliseconds() {
        Instant instant = Instant.parse("2024-03-05T10:15:30.123Z");
        long epochDay = Math.floorDiv(instant.toEpochMilli(), Decoders.MILLIS_PER_DAY);
        long nanosOfDay = (instant.toEpochMilli() - epochDay * Decoders.MILLIS_PER_DAY) * 1_000_000L;
        ByteBuffer bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(nanosOfDay).putInt((int) (epochDay + Decoders.JULIAN_EPOCH_DAY));
        assertThat(Decoders.int96Millis(Binary.fromConstantByteArray(bytes.array()))).isEqualTo(instant.toEpochMilli());
    }
}
