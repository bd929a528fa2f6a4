package io.athenalake.connector.testing;

import com.amazonaws.athena.connector.lambda.data.Block;
import com.amazonaws.athena.connector.lambda.data.DateTimeFormatterUtil;
import org.apache.arrow.vector.complex.reader.FieldReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A block's rows as Athena would read them: column name to the value Arrow gives back. */
public final class Rows {

    private Rows() {
    }

    public static List<Map<String, Object>> of(Block block) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int row = 0; row < block.getRowCount(); row++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Field field : block.getSchema().getFields()) {
                FieldReader reader = block.getFieldReader(field.getName());
                reader.setPosition(row);
                Object value = reader.isSet() ? reader.readObject() : null;
                if (value instanceof Long packed && field.getType() instanceof ArrowType.Timestamp zoned && zoned.getTimezone() != null) {
                    // a zoned timestamp travels in Athena's packed form: the SDK's reading of it is what Athena sees
                    value = DateTimeFormatterUtil.constructZonedDateTime(packed, zoned).toInstant();
                }
                values.put(field.getName(), value == null ? null : normalize(value));
            }
            rows.add(values);
        }
        return rows;
    }

    private static Object normalize(Object value) {
        if (value instanceof org.apache.arrow.vector.util.Text text) {
            return text.toString();
        }
        if (value instanceof org.apache.arrow.vector.util.JsonStringArrayList<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(item == null ? null : normalize(item)));
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, v == null ? null : normalize(v)));
            return copy;
        }
        return value;
    }
}
