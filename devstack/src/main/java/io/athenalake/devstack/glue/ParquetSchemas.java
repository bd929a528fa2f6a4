package io.athenalake.devstack.glue;

import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parquet file's schema as Glue column types, read from the footer alone (two ranged GETs),
 * the way a crawler classifies parquet without reading data.
 */
final class ParquetSchemas {

    static final class NotParquetException extends IOException {
        NotParquetException(String message) {
            super(message);
        }
    }

    private ParquetSchemas() {
    }

    /** Column name (lower-cased) → Glue type, in file order. */
    static Map<String, String> columns(S3Client s3, String bucket, String key, long size) throws IOException {
        if (size < 12) {
            throw new NotParquetException("s3://" + bucket + "/" + key + " is too small to be parquet");
        }
        byte[] tail = range(s3, bucket, key, size - 8, size - 1);
        if (!"PAR1".equals(new String(tail, 4, 4, StandardCharsets.US_ASCII))) {
            throw new NotParquetException("s3://" + bucket + "/" + key + " is not parquet (no PAR1 footer magic)");
        }
        int footerLength = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (footerLength <= 0 || footerLength > size - 12) {
            throw new NotParquetException("s3://" + bucket + "/" + key + " has a corrupt parquet footer");
        }
        byte[] footer = range(s3, bucket, key, size - 8 - footerLength, size - 9);
        FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(footer));
        return glueColumns(metadata.getSchema());
    }

    static Map<String, String> glueColumns(List<SchemaElement> schema) {
        Map<String, String> columns = new LinkedHashMap<>();
        int[] next = {1};
        int children = schema.get(0).getNum_children();
        for (int i = 0; i < children; i++) {
            SchemaElement element = schema.get(next[0]);
            columns.put(element.getName().toLowerCase(Locale.ROOT), type(schema, next));
        }
        return columns;
    }

    /** The Glue type of the element at {@code next[0]}, advancing past it and its children. */
    private static String type(List<SchemaElement> schema, int[] next) {
        SchemaElement element = schema.get(next[0]++);
        String type;
        if (element.isSetType()) {
            type = primitive(element);
        } else if (isList(element)) {
            SchemaElement repeated = schema.get(next[0]);
            if (repeated.isSetNum_children() && repeated.getNum_children() == 1 && !repeated.getName().equals("array")
                    && !repeated.getName().endsWith("_tuple")) {
                next[0]++;
                type = "array<" + type(schema, next) + ">";
            } else {
                type = "array<" + elementType(schema, next) + ">";
            }
        } else if (isMap(element)) {
            SchemaElement keyValue = schema.get(next[0]++);
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < keyValue.getNum_children(); i++) {
                parts.add(type(schema, next));
            }
            type = "map<" + parts.get(0) + "," + (parts.size() > 1 ? parts.get(1) : "string") + ">";
        } else {
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < element.getNum_children(); i++) {
                String name = schema.get(next[0]).getName().toLowerCase(Locale.ROOT);
                fields.add(name + ":" + type(schema, next));
            }
            type = "struct<" + String.join(",", fields) + ">";
        }
        boolean repeatedOutsideList = element.isSetRepetition_type()
                && element.getRepetition_type() == FieldRepetitionType.REPEATED;
        return repeatedOutsideList ? "array<" + type + ">" : type;
    }

    /** The element type of a legacy two-level list, whose repeated child is the element itself. */
    private static String elementType(List<SchemaElement> schema, int[] next) {
        SchemaElement repeated = schema.get(next[0]);
        String type = type(schema, next);
        boolean wasRepeated = repeated.isSetRepetition_type() && repeated.getRepetition_type() == FieldRepetitionType.REPEATED;
        return wasRepeated && type.startsWith("array<") ? type.substring(6, type.length() - 1) : type;
    }

    private static boolean isList(SchemaElement element) {
        return element.isSetLogicalType() && element.getLogicalType().isSetLIST()
                || element.isSetConverted_type() && element.getConverted_type() == ConvertedType.LIST;
    }

    private static boolean isMap(SchemaElement element) {
        return element.isSetLogicalType() && element.getLogicalType().isSetMAP()
                || element.isSetConverted_type() && (element.getConverted_type() == ConvertedType.MAP
                || element.getConverted_type() == ConvertedType.MAP_KEY_VALUE);
    }

    private static String primitive(SchemaElement element) {
        LogicalType logical = element.isSetLogicalType() ? element.getLogicalType() : null;
        ConvertedType converted = element.isSetConverted_type() ? element.getConverted_type() : null;
        if (logical != null && logical.isSetDECIMAL() || converted == ConvertedType.DECIMAL) {
            int precision = logical != null && logical.isSetDECIMAL() ? logical.getDECIMAL().getPrecision() : element.getPrecision();
            int scale = logical != null && logical.isSetDECIMAL() ? logical.getDECIMAL().getScale() : element.getScale();
            return "decimal(" + precision + "," + scale + ")";
        }
        Type physical = element.getType();
        return switch (physical) {
            case BOOLEAN -> "boolean";
            case INT32 -> {
                if (logical != null && logical.isSetDATE() || converted == ConvertedType.DATE) {
                    yield "date";
                }
                if (logical != null && logical.isSetINTEGER()) {
                    int bits = logical.getINTEGER().getBitWidth();
                    boolean signed = logical.getINTEGER().isIsSigned();
                    yield bits == 8 ? (signed ? "tinyint" : "smallint")
                            : bits == 16 ? (signed ? "smallint" : "int")
                            : signed ? "int" : "bigint";
                }
                yield converted == ConvertedType.INT_8 ? "tinyint"
                        : converted == ConvertedType.INT_16 || converted == ConvertedType.UINT_8 ? "smallint"
                        : converted == ConvertedType.UINT_16 ? "int"
                        : converted == ConvertedType.UINT_32 ? "bigint" : "int";
            }
            case INT64 -> {
                if (logical != null && logical.isSetTIMESTAMP() || converted == ConvertedType.TIMESTAMP_MILLIS
                        || converted == ConvertedType.TIMESTAMP_MICROS) {
                    yield "timestamp";
                }
                boolean unsigned = logical != null && logical.isSetINTEGER() && !logical.getINTEGER().isIsSigned()
                        || converted == ConvertedType.UINT_64;
                yield unsigned ? "decimal(20,0)" : "bigint";
            }
            case INT96 -> "timestamp";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BYTE_ARRAY -> logical != null && (logical.isSetSTRING() || logical.isSetENUM() || logical.isSetJSON())
                    || converted == ConvertedType.UTF8 || converted == ConvertedType.ENUM || converted == ConvertedType.JSON
                    ? "string" : "binary";
            case FIXED_LEN_BYTE_ARRAY -> logical != null && logical.isSetUUID() ? "string" : "binary";
        };
    }

    private static byte[] range(S3Client s3, String bucket, String key, long first, long last) {
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)
                .range("bytes=" + first + "-" + last));
        return bytes.asByteArray();
    }
}
