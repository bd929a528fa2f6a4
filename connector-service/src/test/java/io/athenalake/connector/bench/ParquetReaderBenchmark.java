package io.athenalake.connector.bench;

import io.athenalake.connector.testing.Lake;
import io.athenalake.devstack.bench.BenchReport;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.dataset.source.DatasetFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * The measurement behind the connector's choice of parquet reader: the same local file (so the network does
 * not blur the decoders) read by parquet-hadoop's record reader — the one the connector uses — and by Arrow
 * Dataset (Arrow C++ through JNI, the SDK's Arrow version), all columns and two of seven, best of three.
 */
class ParquetReaderBenchmark {

    @Test
    void parquetHadoopVersusArrowDataset() throws Exception {
        long rows = Long.getLong("bench.reader-rows", 2_000_000L);
        MessageType schema = MessageTypeParser.parseMessageType("""
                message sales {
                  required int64 id;
                  required int64 customer_id;
                  optional double amount;
                  optional binary category (STRING);
                  optional binary note (STRING);
                  optional int64 sold_at (TIMESTAMP(MICROS,true));
                  optional boolean returned;
                }""");
        SimpleGroupFactory factory = new SimpleGroupFactory(schema);
        Iterable<Group> groups = () -> LongStream.range(0, rows).mapToObj(id -> factory.newGroup().append("id", id)
                .append("customer_id", (id * 7919) % 1_000_000).append("amount", (id % 100_000) / 100.0)
                .append("category", ConnectorBenchmark.CATEGORIES[(int) (id % 8)])
                .append("note", "order " + id + " of customer " + ((id * 7919) % 1_000_000))
                .append("sold_at", 1_700_000_000_000_000L + id * 1_000L).append("returned", id % 13 == 0)).iterator();
        Path file = Lake.writeLocal(schema, groups, b -> b.withRowGroupSize(64L * 1024 * 1024));
        try {
            MessageType projection = MessageTypeParser.parseMessageType("message sales { required int64 id; optional double amount; }");
            double hadoopAll = best(() -> hadoop(file, null, rows));
            double hadoopTwo = best(() -> hadoop(file, projection, rows));
            double arrowAll = best(() -> arrow(file, null, rows));
            double arrowTwo = best(() -> arrow(file, new String[] {"id", "amount"}, rows));
            double mb = Files.size(file) / (1024.0 * 1024);
            new BenchReport("connector")
                    .figure("parquet reader: parquet-hadoop records, all 7 columns, rows/s (baseline: Arrow Dataset batches)",
                            rows / hadoopAll, "rows/s", rows / arrowAll, "rows/s", "higher")
                    .figure("parquet reader: parquet-hadoop records, 2 of 7 columns, rows/s (baseline: Arrow Dataset batches)",
                            rows / hadoopTwo, "rows/s", rows / arrowTwo, "rows/s", "higher")
                    .write();
            System.out.printf("file %.0f MB, %d rows: parquet-hadoop all %.2fs, two %.2fs; Arrow Dataset all %.2fs, two %.2fs%n",
                    mb, rows, hadoopAll, hadoopTwo, arrowAll, arrowTwo);
        } finally {
            Files.delete(file);
        }
    }

    interface Run {
        double seconds() throws Exception;
    }

    static double best(Run run) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            best = Math.min(best, run.seconds());
        }
        return best;
    }

    static double hadoop(Path file, MessageType projection, long expected) throws Exception {
        long start = System.nanoTime();
        ConnectorBenchmark.RawReader builder = new ConnectorBenchmark.RawReader(new LocalInputFile(file));
        if (projection != null) {
            builder.set(ReadSupport.PARQUET_READ_SCHEMA, projection.toString());
        }
        long count = 0;
        long sum = 0;
        try (ParquetReader<Group> reader = builder.build()) {
            Group g;
            while ((g = reader.read()) != null) {
                count++;
                sum += g.getLong(0, 0);
            }
        }
        check(count, expected, sum);
        return (System.nanoTime() - start) / 1e9;
    }

    static double arrow(Path file, String[] columns, long expected) throws Exception {
        long start = System.nanoTime();
        long count = 0;
        long sum = 0;
        try (BufferAllocator allocator = new RootAllocator();
             DatasetFactory factory = new FileSystemDatasetFactory(allocator, NativeMemoryPool.getDefault(), FileFormat.PARQUET,
                     file.toUri().toString());
             Dataset dataset = factory.finish();
             Scanner scanner = dataset.newScan(new ScanOptions(32_768, Optional.ofNullable(columns)));
             ArrowReader reader = scanner.scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                BigIntVector ids = (BigIntVector) root.getVector("id");
                for (int i = 0; i < root.getRowCount(); i++) {
                    sum += ids.get(i);
                }
                count += root.getRowCount();
            }
        }
        check(count, expected, sum);
        return (System.nanoTime() - start) / 1e9;
    }

    private static void check(long count, long expected, long sum) {
        if (count != expected || sum != expected * (expected - 1) / 2) {
            throw new IllegalStateException("read " + count + " rows (sum " + sum + "), expected " + expected);
        }
    }
}
