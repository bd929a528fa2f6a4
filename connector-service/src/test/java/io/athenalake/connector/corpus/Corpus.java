package io.athenalake.connector.corpus;

import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import static io.athenalake.connector.corpus.Values.below;
import static io.athenalake.connector.corpus.Values.edgesThen;
import static io.athenalake.connector.corpus.Values.nullWhere;
import static io.athenalake.connector.corpus.Values.nulls;
import static io.athenalake.connector.corpus.Values.random;

/**
 * The differential test's corpus, generated (never downloaded): the same flat table in every combination of page
 * version, codec, encoding, dictionary, statistics, page index and bloom filter that matters; nested columns in
 * every shape writers produce; names a schema parser cannot read back; INT96 beyond the nanosecond range; files of
 * one table that disagree on column order and presence; partition folders; empty files; files cut into several
 * splits. Every value comes from {@link Values}, so each table variant holds the same rows.
 */
public final class Corpus {

    /** Rows of a flat table: enough for several row groups of several pages each. */
    public static final int ROWS = 2_000;
    static final int ROW_GROUP_ROWS = 300;
    static final int PAGE_ROWS = 60;

    private Corpus() {
    }

    public static List<CorpusTable> tables() {
        List<CorpusTable> tables = new ArrayList<>();
        // The reference layout: v1 pages, dictionaries, statistics and page indexes — every predicate runs on it.
        tables.add(flat("flat_v1_snappy", Predicates.Depth.EVERY, w -> w.withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriterVersion(WriterVersion.PARQUET_1_0).withDictionaryEncoding(true)));
        // v2 data pages (DELTA_BINARY_PACKED, DELTA_BYTE_ARRAY, RLE booleans), bloom filters
        tables.add(flat("flat_v2_gzip_bloom", Predicates.Depth.CORE, w -> w.withCompressionCodec(CompressionCodecName.GZIP)
                .withWriterVersion(WriterVersion.PARQUET_2_0).withDictionaryEncoding(true).withBloomFilterEnabled(true)));
        // nothing to prune with: no statistics, no page index, plain encoding
        tables.add(flat("flat_v1_plain_nostats", Predicates.Depth.CORE, w -> w.withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .withWriterVersion(WriterVersion.PARQUET_1_0).withDictionaryEncoding(false).withStatisticsEnabled(false)));
        tables.add(flat("flat_v2_zstd_plain", Predicates.Depth.NULLS, w -> w.withCompressionCodec(CompressionCodecName.ZSTD)
                .withWriterVersion(WriterVersion.PARQUET_2_0).withDictionaryEncoding(false)));
        tables.add(flat("flat_lz4raw_bytestreamsplit", Predicates.Depth.NULLS, w -> w.withCompressionCodec(CompressionCodecName.LZ4_RAW)
                .withByteStreamSplitEncoding(true).withDictionaryEncoding(false)));
        tables.add(flat("flat_lz4_hadoop", Predicates.Depth.NULLS, w -> w.withCompressionCodec(CompressionCodecName.LZ4)
                .withCodecFactory(new WriterCodecs(WriterCodecs.Lz4Framing.HADOOP))));
        tables.add(flat("flat_lz4_raw_block", Predicates.Depth.NULLS, w -> w.withCompressionCodec(CompressionCodecName.LZ4)
                .withCodecFactory(new WriterCodecs(WriterCodecs.Lz4Framing.RAW_BLOCK))));
        tables.add(flat("flat_lzo", Predicates.Depth.NULLS, w -> w.withCompressionCodec(CompressionCodecName.LZO)
                .withCodecFactory(new WriterCodecs(WriterCodecs.Lz4Framing.HADOOP))));
        tables.add(flat("flat_brotli", Predicates.Depth.NULLS, w -> w.withCompressionCodec(CompressionCodecName.BROTLI)
                .withCodecFactory(new WriterCodecs(WriterCodecs.Lz4Framing.HADOOP))));
        tables.add(nested("nested_v1", WriterVersion.PARQUET_1_0));
        tables.add(nested("nested_v2", WriterVersion.PARQUET_2_0));
        tables.add(oddNames());
        tables.add(int96Range());
        tables.add(evolving());
        tables.add(partitioned());
        tables.add(withEmptyFile());
        tables.add(manySplits());
        return tables;
    }

    // ---- flat tables

    /** Every flat type, with edge values, nulls scattered and in runs, some columns sorted or clustered. */
    public static List<Column> flatColumns() {
        List<Column> columns = new ArrayList<>();
        columns.add(Columns.int64("id", true, row -> (long) row));
        columns.add(Columns.smallSigned("i8", 8, nullWhere(nulls("i8", 11, 300, 420), row -> below("i8", row, 256) - 128)));
        columns.add(Columns.smallSigned("i16", 16, nullWhere(nulls("i16", 13, 0, 0), edgesThen(List.of(-32768, 32767, 0),
                row -> below("i16", row, 65536) - 32768))));
        // clustered: row groups cover narrow ranges, so statistics prune
        columns.add(Columns.int32("i32", nullWhere(nulls("i32", 17, 900, 1_000), edgesThen(Values.INT32_EDGES,
                row -> row / 40 * 11 - 2_000))));
        columns.add(Columns.int64("i64", false, nullWhere(nulls("i64", 9, 1_500, 1_800), edgesThen(Values.INT64_EDGES,
                row -> random("i64", row)))));
        columns.add(Columns.unsigned32("u8", 8, nullWhere(nulls("u8", 10, 0, 0), row -> (long) below("u8", row, 256))));
        columns.add(Columns.unsigned32("u16", 16, nullWhere(nulls("u16", 10, 0, 0), row -> (long) below("u16", row, 65536))));
        columns.add(Columns.unsigned32("u32", 32, nullWhere(nulls("u32", 10, 0, 0), edgesThen(List.of(0L, 4_294_967_295L, 2_147_483_648L),
                row -> Integer.toUnsignedLong((int) random("u32", row))))));
        columns.add(Columns.unsigned64("u64", nullWhere(nulls("u64", 10, 0, 0), edgesThen(
                List.of(BigInteger.ZERO, BigInteger.ONE.shiftLeft(63), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)),
                row -> new BigInteger(Long.toUnsignedString(random("u64", row)))))));
        columns.add(Columns.float32("f32", nullWhere(nulls("f32", 12, 100, 130), edgesThen(Values.FLOAT_EDGES,
                row -> (below("f32", row, 200_000) - 100_000) / 64f))));
        columns.add(Columns.float64("f64", nullWhere(nulls("f64", 12, 1_200, 1_260), edgesThen(Values.DOUBLE_EDGES,
                row -> (below("f64", row, 2_000_000) - 1_000_000) / 1024.0))));
        columns.add(Columns.decimal("d9", PrimitiveTypeName.INT32, 9, 2, nullWhere(nulls("d9", 8, 0, 0), row -> Values.decimal("d9", row, 9, 2))));
        columns.add(Columns.decimal("d18", PrimitiveTypeName.INT64, 18, 4, nullWhere(nulls("d18", 8, 0, 0), row -> Values.decimal("d18", row, 18, 4))));
        columns.add(Columns.decimal("d30", PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, 30, 5,
                nullWhere(nulls("d30", 8, 0, 0), row -> Values.decimal("d30", row, 30, 5))));
        columns.add(Columns.decimal("d38", PrimitiveTypeName.BINARY, 38, 10,
                nullWhere(nulls("d38", 8, 0, 0), row -> Values.decimal("d38", row, 38, 10))));
        columns.add(Columns.bool("flag", nullWhere(nulls("flag", 7, 600, 660), row -> row < 1_000 ? below("flag", row, 2) == 0 : row % 3 == 0)));
        columns.add(Columns.string("s", LogicalTypeAnnotation.stringType(), nullWhere(nulls("s", 10, 1_700, 1_760),
                edgesThen(Values.STRING_EDGES, row -> Values.word("s", row, 2_000)))));
        // sorted, so string ranges prune row groups
        columns.add(Columns.string("city", LogicalTypeAnnotation.stringType(), nullWhere(nulls("city", 25, 0, 0),
                row -> List.of("Amsterdam", "Berlin", "Lisbon", "Oslo", "Zürich").get(row * 5 / ROWS))));
        columns.add(Columns.string("kind", LogicalTypeAnnotation.enumType(), nullWhere(nulls("kind", 9, 0, 0),
                row -> List.of("NEW", "PAID", "SHIPPED").get(below("kind", row, 3)))));
        columns.add(Columns.string("doc", LogicalTypeAnnotation.jsonType(), nullWhere(nulls("doc", 9, 0, 0),
                row -> "{\"n\":" + below("doc", row, 100) + "}")));
        columns.add(Columns.binary("raw", nullWhere(nulls("raw", 9, 0, 0), row -> bytes("raw", row))));
        columns.add(Columns.date("day", nullWhere(nulls("day", 11, 200, 260), edgesThen(Values.DATE_EDGES,
                row -> java.time.LocalDate.of(2020, 1, 1).plusDays(row / 3)))));
        for (TimeUnit unit : TimeUnit.values()) {
            String suffix = unit.name().toLowerCase(java.util.Locale.ROOT);
            columns.add(Columns.timestamp("ts_utc_" + suffix, unit, true,
                    nullWhere(nulls("tsu" + suffix, 10, 0, 0), row -> Values.instant("tsu" + suffix, row))));
            columns.add(Columns.timestamp("ts_" + suffix, unit, false,
                    nullWhere(nulls("ts" + suffix, 10, 400, 440), row -> Values.instant("ts" + suffix, row))));
        }
        columns.add(Columns.int96("ts96", nullWhere(nulls("ts96", 10, 0, 0), row -> Values.local("ts96", row))));
        columns.add(Columns.time("t_ms", TimeUnit.MILLIS, nullWhere(nulls("tms", 10, 0, 0), Corpus::time)));
        columns.add(Columns.time("t_us", TimeUnit.MICROS, nullWhere(nulls("tus", 10, 0, 0), Corpus::time)));
        columns.add(Columns.time("t_ns", TimeUnit.NANOS, nullWhere(nulls("tns", 10, 0, 0), Corpus::time)));
        columns.add(Columns.uuid("uid", nullWhere(nulls("uid", 10, 0, 0), row -> new UUID(random("uidh", row), random("uidl", row)))));
        columns.add(Columns.int32("nothing", row -> null));
        return columns;
    }

    private static CorpusTable flat(String name, Predicates.Depth predicates, Consumer<ExampleParquetWriter.Builder> writer) {
        List<Column> columns = flatColumns();
        MessageType schema = new MessageType("flat", types(columns));
        List<CorpusTable.File> files = List.of(
                new CorpusTable.File("part-0.parquet", schema, columns, 0, ROWS / 2, null, small(writer)),
                new CorpusTable.File("part-1.parquet", schema, columns, ROWS / 2, ROWS, null, small(writer)));
        return new CorpusTable(name, columns, files, null, true, oracleOf(name), predicates);
    }

    /**
     * Trino's Hive reader has no Brotli, raw-block LZ4 or LZO decoder here, and refuses the LZ4_RAW byte-stream-split
     * table's pages ("Could not decompress page"): the same rows in snappy are its answer.
     */
    private static String oracleOf(String name) {
        return switch (name) {
            case "flat_brotli", "flat_lz4_raw_block", "flat_lzo", "flat_lz4raw_bytestreamsplit" -> "flat_v1_snappy";
            default -> name;
        };
    }

    private static Consumer<ExampleParquetWriter.Builder> small(Consumer<ExampleParquetWriter.Builder> writer) {
        return w -> {
            w.withRowGroupRowCountLimit(ROW_GROUP_ROWS).withPageRowCountLimit(PAGE_ROWS).withPageSize(4 * 1024)
                    .withDictionaryPageSize(8 * 1024);
            writer.accept(w);
        };
    }

    // ---- nested, odd names, INT96, evolution, partitions, empties, splits

    private static CorpusTable nested(String name, WriterVersion version) {
        List<Column> columns = new ArrayList<>();
        columns.add(Columns.int64("id", true, row -> (long) row));
        columns.addAll(NestedColumns.all());
        MessageType schema = new MessageType("nested", types(columns));
        return new CorpusTable(name, columns, List.of(new CorpusTable.File("part-0.parquet", schema, columns, 0, 1_000, null,
                small(w -> w.withWriterVersion(version).withCompressionCodec(CompressionCodecName.SNAPPY)))), null, true, name,
                Predicates.Depth.NULLS);
    }

    /** Names with spaces, upper case, accents and dots, under a root without a name: the Hive table reads by position. */
    private static CorpusTable oddNames() {
        List<Column> columns = List.of(
                Columns.int64("Order ID", true, row -> (long) row),
                Columns.float64("unit price", nullWhere(nulls("up", 6, 0, 0), row -> below("up", row, 10_000) / 100.0)),
                Columns.string("naïve name", LogicalTypeAnnotation.stringType(), nullWhere(nulls("nn", 6, 0, 0), row -> Values.word("nn", row, 40))),
                Columns.int32("MiXed Case", nullWhere(nulls("mc", 6, 0, 0), row -> below("mc", row, 50))),
                Columns.string("a.b", LogicalTypeAnnotation.stringType(), nullWhere(nulls("ab", 6, 0, 0), row -> "v" + below("ab", row, 9))));
        MessageType schema = new MessageType("", types(columns));
        return new CorpusTable("odd_names", columns, List.of(new CorpusTable.File("part-0.parquet", schema, columns, 0, 500, null,
                small(w -> { }))), null, false, "odd_names", Predicates.Depth.EVERY);
    }

    /** INT96 from year 1 to 9999: beyond the int64-nanosecond range (1677–2262) that many readers convert through. */
    private static CorpusTable int96Range() {
        List<LocalDateTime> edges = List.of(LocalDateTime.of(1, 1, 1, 0, 0), LocalDateTime.of(1000, 6, 15, 12, 30, 45, 123_456_789),
                LocalDateTime.of(1582, 10, 10, 0, 0), LocalDateTime.of(1677, 9, 21, 0, 12, 43, 145_224_191),
                LocalDateTime.of(1970, 1, 1, 0, 0), LocalDateTime.of(2262, 4, 11, 23, 47, 16, 854_775_808),
                LocalDateTime.of(3000, 1, 1, 0, 0, 0, 1_000_000), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000));
        List<Column> columns = List.of(Columns.int64("id", true, row -> (long) row),
                Columns.int96("at", nullWhere(row -> row % 9 == 8, row -> edges.get(row % 9 % edges.size()))));
        MessageType schema = new MessageType("int96", types(columns));
        return new CorpusTable("int96_range", columns, List.of(new CorpusTable.File("part-0.parquet", schema, columns, 0, 90, null,
                small(w -> { }))), null, true, "int96_range", Predicates.Depth.EVERY);
    }

    /** Two files that disagree on column order and presence: the missing column reads as null there. */
    private static CorpusTable evolving() {
        Column id = Columns.int64("id", true, row -> (long) row);
        Column a = Columns.int32("a", nullWhere(nulls("ea", 5, 0, 0), row -> below("ea", row, 100)));
        Column b = Columns.string("b", LogicalTypeAnnotation.stringType(), nullWhere(nulls("eb", 5, 0, 0), row -> Values.word("eb", row, 30)));
        Column c = Columns.float64("c", nullWhere(row -> row < 300, row -> below("ec", row, 1000) / 10.0));
        List<Column> older = List.of(id, a, b);
        List<Column> newer = List.of(id, b, c, a);
        return new CorpusTable("evolving", List.of(id, a, b, c), List.of(
                new CorpusTable.File("part-0.parquet", new MessageType("older", types(older)), older, 0, 300, null, small(w -> { })),
                new CorpusTable.File("part-1.parquet", new MessageType("newer", types(newer)), newer, 300, 600, null, small(w -> { }))),
                null, true, "evolving", Predicates.Depth.EVERY);
    }

    /** {@code dt=} folders: the connector prunes them from the partition predicate. */
    private static CorpusTable partitioned() {
        List<Column> columns = List.of(Columns.int64("id", true, row -> (long) row),
                Columns.int32("v", nullWhere(nulls("pv", 6, 0, 0), row -> below("pv", row, 1000))),
                Columns.string("s", LogicalTypeAnnotation.stringType(), nullWhere(nulls("ps", 6, 0, 0), row -> Values.word("ps", row, 20))));
        MessageType schema = new MessageType("partitioned", types(columns));
        List<CorpusTable.File> files = new ArrayList<>();
        List<String> days = List.of("2024-01-01", "2024-01-02", "2024-02-29", "2025-12-31");
        for (int d = 0; d < days.size(); d++) {
            files.add(new CorpusTable.File("dt=" + days.get(d) + "/part-0.parquet", schema, columns, d * 200, d * 200 + 200, days.get(d),
                    small(w -> { })));
        }
        return new CorpusTable("partitioned", columns, files, "dt", true, "partitioned", Predicates.Depth.EVERY);
    }

    /** A file without rows (zero row groups) beside one with rows. */
    private static CorpusTable withEmptyFile() {
        List<Column> columns = List.of(Columns.int64("id", true, row -> (long) row),
                Columns.string("s", LogicalTypeAnnotation.stringType(), nullWhere(nulls("ws", 4, 0, 0), row -> Values.word("ws", row, 10))));
        MessageType schema = new MessageType("empty", types(columns));
        return new CorpusTable("with_empty_file", columns, List.of(
                new CorpusTable.File("part-0.parquet", schema, columns, 0, 0, null, small(w -> { })),
                new CorpusTable.File("part-1.parquet", schema, columns, 0, 250, null, small(w -> { }))), null, true, "with_empty_file",
                Predicates.Depth.EVERY);
    }

    /** One file of several MiB: cut into splits of whole row groups (SPLIT_TARGET_BYTES is 1 MiB in the test). */
    private static CorpusTable manySplits() {
        List<Column> columns = List.of(Columns.int64("id", true, row -> (long) row),
                Columns.string("payload", LogicalTypeAnnotation.stringType(), nullWhere(nulls("mp", 20, 0, 0),
                        row -> Long.toHexString(random("mp", row)).repeat(8))),
                Columns.float64("x", nullWhere(nulls("mx", 20, 0, 0), row -> random("mx", row) / 1e15)));
        MessageType schema = new MessageType("splits", types(columns));
        return new CorpusTable("many_splits", columns, List.of(new CorpusTable.File("part-0.parquet", schema, columns, 0, 40_000, null,
                w -> w.withCompressionCodec(CompressionCodecName.UNCOMPRESSED).withDictionaryEncoding(false)
                        .withRowGroupSize(512 * 1024L).withPageSize(64 * 1024))), null, true, "many_splits", Predicates.Depth.CORE);
    }

    // ---- writing

    /** Writes a file of the corpus to a local temporary file. */
    public static Path write(CorpusTable.File file) {
        try {
            Path path = Files.createTempFile("corpus", ".parquet");
            Files.delete(path);
            ExampleParquetWriter.Builder builder = ExampleParquetWriter.builder(new LocalOutputFile(path)).withType(file.schema())
                    .withCompressionCodec(CompressionCodecName.SNAPPY);
            file.writer().accept(builder);
            SimpleGroupFactory records = new SimpleGroupFactory(file.schema());
            try (ParquetWriter<Group> writer = builder.build()) {
                for (int row = file.fromRow(); row < file.toRow(); row++) {
                    Group record = records.newGroup();
                    Columns.write(record, file.columns(), row);
                    writer.write(record);
                }
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Type> types(List<Column> columns) {
        return columns.stream().map(Column::type).toList();
    }

    private static byte[] bytes(String column, int row) {
        byte[] bytes = new byte[below(column + "#len", row, 9)];
        long random = random(column, row);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (random >>> (8 * i));
        }
        return bytes;
    }

    private static Object time(int row) {
        return LocalTime.ofNanoOfDay(Math.floorMod(random("time", row), 86_400_000_000_000L));
    }

    static IntFunction<Object> constant(Object value) {
        return row -> value;
    }
}
