package io.athenalake.query.results;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A result's rows written as a download: CSV as Athena writes it, JSON lines, or an Arrow IPC stream. Each
 * writes as it reads, one row (Arrow: one batch) in memory at a time, and stops reading the rows as soon as
 * writing fails (the client went away).
 */
public final class ResultWriters {

    /** Rows per Arrow record batch. */
    static final int ARROW_BATCH = 8192;
    /** A batch ends sooner when its values reach this size, so wide rows do not make a batch large. */
    static final long ARROW_BATCH_BYTES = 8L * 1024 * 1024;
    /** The Arrow memory one download may hold: one batch and its vectors' growth, with room to spare. */
    private static final long ARROW_MEMORY = 64L * 1024 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private ResultWriters() {
    }

    /**
     * Athena's CSV: a header row, every value double-quoted (quotes doubled), a null an empty unquoted field. A csv
     * result's object is copied byte for byte (-1: rows not counted).
     */
    public static long csv(ResultRows rows, OutputStream out) throws IOException {
        try (rows) {
            Optional<InputStream> athenaCsv = rows.athenaCsv();
            if (athenaCsv.isPresent()) {
                athenaCsv.get().transferTo(out);
                return -1;
            }
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            List<Object> header = new ArrayList<>(rows.columns().stream().map(Column::name).toList());
            csvLine(writer, header);
            long count = 0;
            for (List<Object> row = rows.next(); row != null; row = rows.next()) {
                csvLine(writer, row);
                count++;
            }
            writer.flush();
            return count;
        }
    }

    private static void csvLine(Writer writer, List<Object> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            Object value = values.get(i);
            if (value != null) {
                writer.write('"');
                writer.write(text(value).replace("\"", "\"\""));
                writer.write('"');
            }
        }
        writer.write('\n');
    }

    private static String text(Object value) {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    /** One JSON object per row, keys the column names, values typed as {@link AthenaValues} types them. */
    public static long jsonLines(ResultRows rows, OutputStream out) throws IOException {
        List<Column> columns = rows.columns();
        try (rows; JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            long count = 0;
            for (List<Object> row = rows.next(); row != null; row = rows.next()) {
                json.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    json.writeFieldName(columns.get(i).name());
                    writeJson(json, i < row.size() ? row.get(i) : null);
                }
                json.writeEndObject();
                json.writeRaw('\n');
                if (++count % 1000 == 0) {
                    json.flush();
                }
            }
            return count;
        }
    }

    static void writeJson(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Long l) {
            json.writeNumber(l);
        } else if (value instanceof Double d) {
            json.writeNumber(d);
        } else if (value instanceof BigDecimal d) {
            json.writeNumber(d);
        } else {
            json.writeString(value.toString());
        }
    }

    /**
     * An Arrow IPC stream ({@code application/vnd.apache.arrow.stream}): a schema from the Athena column types
     * (integers, floating point, decimal, boolean, date and timestamp as Arrow's own types; varchar and every other
     * type — binary, arrays, maps, rows — as UTF-8 text as Athena prints it), then batches of up to
     * {@value #ARROW_BATCH} rows or about 8 MB of values, whichever comes first.
     */
    public static long arrow(ResultRows rows, OutputStream out) throws IOException {
        List<Column> columns = rows.columns();
        List<Field> fields = columns.stream().map(ResultWriters::arrowField).toList();
        try (rows; BufferAllocator allocator = new RootAllocator(ARROW_MEMORY); VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
             ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
            writer.start();
            long count = 0;
            int inBatch = 0;
            root.allocateNew();
            long batchBytes = 0;
            boolean vectorized = rows.vectorized();
            List<FieldVector> vectors = root.getFieldVectors();
            while (true) {
                if (vectorized) {
                    long bytes = rows.nextInto(vectors, inBatch);
                    if (bytes < 0) {
                        break;
                    }
                    batchBytes += bytes;
                } else {
                    List<Object> row = rows.next();
                    if (row == null) {
                        break;
                    }
                    for (int i = 0; i < columns.size(); i++) {
                        batchBytes += set(vectors.get(i), inBatch, i < row.size() ? row.get(i) : null);
                    }
                }
                count++;
                if (++inBatch == ARROW_BATCH || batchBytes >= ARROW_BATCH_BYTES) {
                    batchBytes = 0;
                    root.setRowCount(inBatch);
                    writer.writeBatch();
                    root.allocateNew();
                    inBatch = 0;
                }
            }
            if (inBatch > 0 || count == 0) {
                root.setRowCount(inBatch);
                writer.writeBatch();
            }
            writer.end();
            return count;
        }
    }

    static Field arrowField(Column column) {
        String type = column.type() == null ? "varchar" : column.type().toLowerCase(Locale.ROOT);
        int parenthesis = type.indexOf('(');
        String base = parenthesis > 0 ? type.substring(0, parenthesis) : type;
        ArrowType arrow = switch (base) {
            case "boolean" -> ArrowType.Bool.INSTANCE;
            case "tinyint" -> new ArrowType.Int(8, true);
            case "smallint" -> new ArrowType.Int(16, true);
            case "integer", "int" -> new ArrowType.Int(32, true);
            case "bigint" -> new ArrowType.Int(64, true);
            case "float", "real" -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case "double" -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case "decimal" -> column.precision() != null && column.scale() != null && column.precision() > 0
                    ? new ArrowType.Decimal(column.precision(), column.scale(), 128) : ArrowType.Utf8.INSTANCE;
            case "date" -> new ArrowType.Date(DateUnit.DAY);
            case "timestamp" -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
            default -> ArrowType.Utf8.INSTANCE;
        };
        return new Field(column.name(), FieldType.nullable(arrow), null);
    }

    /** Sets the value; roughly how many bytes it takes. */
    private static long set(FieldVector vector, int index, Object value) {
        if (value == null) {
            vector.setNull(index);
            return 1;
        }
        if (vector instanceof BitVector v) {
            v.setSafe(index, Boolean.TRUE.equals(value) ? 1 : 0);
        } else if (vector instanceof TinyIntVector v) {
            v.setSafe(index, ((Number) value).byteValue());
        } else if (vector instanceof SmallIntVector v) {
            v.setSafe(index, ((Number) value).shortValue());
        } else if (vector instanceof IntVector v) {
            v.setSafe(index, ((Number) value).intValue());
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(index, ((Number) value).longValue());
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(index, (float) number(value));
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(index, number(value));
        } else if (vector instanceof DecimalVector v) {
            v.setSafe(index, ((BigDecimal) value).setScale(v.getScale(), RoundingMode.UNNECESSARY));
        } else if (vector instanceof DateDayVector v) {
            v.setSafe(index, (int) LocalDate.parse(value.toString()).toEpochDay());
        } else if (vector instanceof TimeStampMilliVector v) {
            v.setSafe(index, LocalDateTime.parse(value.toString().replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli());
        } else if (vector instanceof VarCharVector v) {
            byte[] bytes = text(value).getBytes(StandardCharsets.UTF_8);
            v.setSafe(index, bytes);
            return bytes.length + 4L;
        } else {
            throw new IllegalStateException("no Arrow writer for " + vector.getClass().getSimpleName());
        }
        return 16;
    }

    /** NaN and the infinities reach here as text (JSON has no such numbers). */
    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : Double.parseDouble(value.toString());
    }
}
