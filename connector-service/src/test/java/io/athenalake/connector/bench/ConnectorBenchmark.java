package io.athenalake.connector.bench;

import com.amazonaws.athena.connector.lambda.data.BlockAllocatorImpl;
import com.amazonaws.athena.connector.lambda.domain.Split;
import com.amazonaws.athena.connector.lambda.domain.TableName;
import com.amazonaws.athena.connector.lambda.domain.predicate.Constraints;
import com.amazonaws.athena.connector.lambda.domain.predicate.Range;
import com.amazonaws.athena.connector.lambda.domain.predicate.SortedRangeSet;
import com.amazonaws.athena.connector.lambda.domain.predicate.ValueSet;
import com.amazonaws.athena.connector.lambda.metadata.GetSplitsRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetSplitsResponse;
import com.amazonaws.athena.connector.lambda.metadata.GetTableLayoutRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetTableLayoutResponse;
import com.amazonaws.athena.connector.lambda.metadata.GetTableRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetTableResponse;
import com.amazonaws.athena.connector.lambda.records.ReadRecordsRequest;
import com.amazonaws.athena.connector.lambda.records.ReadRecordsResponse;
import com.amazonaws.athena.connector.lambda.records.RecordResponse;
import com.amazonaws.athena.connector.lambda.records.RemoteReadRecordsResponse;
import io.athenalake.connector.lambda.ConnectorComponents;
import io.athenalake.connector.secrets.MinioSecretSource;
import io.athenalake.connector.storage.MinioStorage;
import io.athenalake.connector.testing.Federation;
import io.athenalake.connector.testing.Lake;
import io.athenalake.devstack.bench.BenchReport;
import io.athenalake.connector.testing.Wire;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

/**
 * Scans a table of {@code -Dbench.rows} rows (default 10 million, ≈1 GB of parquet in 8 files, 8 columns) through
 * read-records as Athena would (Athena's block sizes: 16 MB blocks, spilled past 5 MB inline), all columns and
 * projected, with and without a selective filter, and reads the same files raw with the same parquet reader
 * as the baseline. Run with {@code mvn -Pbench verify -pl connector-service -am}. Asserts nothing about time.
 */
class ConnectorBenchmark {

    static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message sales {
              required int64 id;
              required int64 customer_id;
              optional double amount;
              optional binary category (STRING);
              optional binary note (STRING);
              optional int64 sold_at (TIMESTAMP(MICROS,true));
              optional boolean returned;
              optional binary payload (STRING);
            }""");
    static final int FILES = 8;
    static final String[] CATEGORIES = {"books", "garden", "music", "toys", "food", "tools", "sports", "games"};

    @Test
    void scanThroughReadRecordsVersusRawParquet() throws Exception {
        long rows = Long.getLong("bench.rows", 10_000_000L);
        Lake lake = new Lake();
        String database = lake.database("bench");
        long bytes = writeTable(lake, database, rows);

        try (BlockAllocatorImpl allocator = new BlockAllocatorImpl()) {
            Wire wire = new Wire(ConnectorComponents.create(lake.settings("t", lake.secretName,
                    java.util.Optional.empty(), true, 128L * 1024 * 1024, 1000)), allocator);
            TableName table = new TableName(database, "sales");
            GetTableResponse described = wire.call(new GetTableRequest(Federation.IDENTITY, "bench", Federation.CATALOG, table, Map.of()),
                    GetTableResponse.class);
            Schema all = described.getSchema();
            Schema projected = new Schema(List.of(all.findField("id"), all.findField("amount")));
            Constraints none = constraints(Map.of());
            Constraints selective = constraints(Map.of("customer_id", SortedRangeSet.of(false,
                    Range.range(allocator, new ArrowType.Int(64, true), 0L, true, 1_000L, false))));

            Scan raw = rawScan(lake, database);
            Scan allColumns = scan(wire, described, all, none);
            Scan projection = scan(wire, described, projected, none);
            Scan filtered = scan(wire, described, all, selective);

            double mb = bytes / (1024.0 * 1024);
            new BenchReport("connector")
                    .figure("read records, all columns, " + rows + " rows: rows/s (baseline: raw parquet-hadoop read)",
                            rows / allColumns.seconds, "rows/s", rows / raw.seconds, "rows/s", "higher")
                    .figure("read records, all columns: MB/s of parquet (baseline: raw parquet-hadoop read)",
                            mb / allColumns.seconds, "MB/s", mb / raw.seconds, "MB/s", "higher")
                    .figure("read records, 2 of 8 columns: rows/s (baseline: all columns)",
                            rows / projection.seconds, "rows/s", rows / allColumns.seconds, "rows/s", "higher")
                    .figure("read records, selective filter (customer_id < 1000, ~0.1% of rows): s (baseline: no filter)",
                            filtered.seconds, "s", allColumns.seconds, "s", "lower")
                    .figure("read records, all columns: peak heap (baseline: raw parquet-hadoop read)",
                            allColumns.peakHeapMb, "MB", raw.peakHeapMb, "MB", "lower")
                    .write();
            System.out.printf("parquet %.0f MB; raw %.1fs (%d rows); all %.1fs (%d blocks); projected %.1fs; filtered %.1fs (%d blocks)%n",
                    mb, raw.seconds, raw.rows, allColumns.seconds, allColumns.rows, projection.seconds, filtered.seconds, filtered.rows);
        }
    }

    /** @param rows rows for the raw scan; blocks (inline or spilled) returned for the connector scans */
    /** 64 hex characters that do not compress, so the table is about 1 GB at 10 million rows. */
    static String payload(long id) {
        StringBuilder text = new StringBuilder(64);
        long x = id * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < 4; i++) {
            x ^= x >>> 31;
            x *= 0xBF58476D1CE4E5B9L;
            String hex = Long.toHexString(x);
            text.append("0".repeat(16 - hex.length())).append(hex);
        }
        return text.toString();
    }

    record Scan(double seconds, long rows, double peakHeapMb) {
    }

    private static long writeTable(Lake lake, String database, long rows) throws Exception {
        long perFile = rows / FILES;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Long>> sizes = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            long first = f * perFile;
            long last = f == FILES - 1 ? rows : first + perFile;
            int index = f;
            sizes.add(pool.submit(() -> {
                SimpleGroupFactory factory = new SimpleGroupFactory(SCHEMA);
                Iterable<Group> groups = () -> LongStream.range(first, last).mapToObj(id -> {
                    Group g = factory.newGroup().append("id", id).append("customer_id", (id * 7919) % 1_000_000)
                            .append("category", CATEGORIES[(int) (id % CATEGORIES.length)])
                            .append("note", "order " + id + " of customer " + ((id * 7919) % 1_000_000))
                            .append("sold_at", 1_700_000_000_000_000L + id * 1_000L)
                            .append("returned", id % 13 == 0)
                            .append("payload", payload(id));
                    if (id % 10 != 0) {
                        g.append("amount", (id % 100_000) / 100.0);
                    }
                    return g;
                }).iterator();
                Path file = Lake.writeLocal(SCHEMA, groups, b -> b.withRowGroupSize(64L * 1024 * 1024));
                long size = Files.size(file);
                lake.s3.putObject(b -> b.bucket(database).key("t/sales/part-" + index + ".parquet"),
                        software.amazon.awssdk.core.sync.RequestBody.fromFile(file));
                Files.delete(file);
                return size;
            }));
        }
        long total = 0;
        for (Future<Long> size : sizes) {
            total += size.get();
        }
        pool.shutdown();
        return total;
    }

    private static Scan scan(Wire wire, GetTableResponse table, Schema schema, Constraints constraints) throws Exception {
        System.gc();
        resetPeaks();
        long start = System.nanoTime();
        GetTableLayoutResponse layout = wire.call(new GetTableLayoutRequest(Federation.IDENTITY, "bench", Federation.CATALOG,
                table.getTableName(), constraints, table.getSchema(), table.getPartitionColumns()), GetTableLayoutResponse.class);
        List<Split> splits = new ArrayList<>();
        String token = null;
        do {
            GetSplitsResponse response = wire.call(new GetSplitsRequest(Federation.IDENTITY, "bench", Federation.CATALOG,
                    table.getTableName(), layout.getPartitions(), new ArrayList<>(table.getPartitionColumns()), constraints, token),
                    GetSplitsResponse.class);
            splits.addAll(response.getSplits());
            token = response.getContinuationToken();
        } while (token != null);
        long rows = 0;
        for (Split split : splits) {
            RecordResponse response = wire.call(new ReadRecordsRequest(Federation.IDENTITY, Federation.CATALOG, "bench",
                    table.getTableName(), schema, split, constraints, 16L * 1024 * 1024, 5L * 1024 * 1024), RecordResponse.class);
            if (response instanceof ReadRecordsResponse inline) {
                rows += 1;
                inline.getRecords().close();
            } else {
                rows += ((RemoteReadRecordsResponse) response).getNumberBlocks();
            }
        }
        return new Scan((System.nanoTime() - start) / 1e9, rows, peakHeapMb());
    }

    private static Scan rawScan(Lake lake, String database) throws Exception {
        System.gc();
        resetPeaks();
        long start = System.nanoTime();
        MinioSecretSource secrets = new MinioSecretSource(io.athenalake.connector.lambda.AwsClients.secretsManager(
                lake.settings("t")), lake.secretName, "http", Duration.ofMinutes(5), Clock.systemUTC());
        long rows = 0;
        long checksum = 0;
        try (MinioStorage storage = new MinioStorage(secrets, Duration.ofSeconds(5), Duration.ofSeconds(60))) {
            for (S3Object object : storage.listObjects(database, "t/sales/")) {
                InputFile file = storage.inputFile(database, object.key(), object.size());
                try (ParquetReader<Group> reader = new RawReader(file).build()) {
                    Group g;
                    while ((g = reader.read()) != null) {
                        rows++;
                        checksum += g.getLong(0, 0);
                    }
                }
            }
        }
        if (checksum == 42) {
            System.out.println("unlikely");
        }
        return new Scan((System.nanoTime() - start) / 1e9, rows, peakHeapMb());
    }

    static final class RawReader extends ParquetReader.Builder<Group> {
        RawReader(InputFile file) {
            super(file);
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }

    private static Constraints constraints(Map<String, ValueSet> summary) {
        return new Constraints(summary, List.of(), List.of(), Constraints.DEFAULT_NO_LIMIT, Map.of(), null);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024.0 * 1024);
    }

    static Field field(Schema schema, String name) {
        return schema.findField(name);
    }
}
