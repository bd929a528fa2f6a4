package io.athenalake.connector;

import com.amazonaws.athena.connector.lambda.data.Block;
import com.amazonaws.athena.connector.lambda.data.BlockAllocatorImpl;
import com.amazonaws.athena.connector.lambda.data.S3BlockSpillReader;
import com.amazonaws.athena.connector.lambda.domain.Split;
import com.amazonaws.athena.connector.lambda.domain.TableName;
import com.amazonaws.athena.connector.lambda.domain.predicate.Constraints;
import com.amazonaws.athena.connector.lambda.domain.predicate.Range;
import com.amazonaws.athena.connector.lambda.domain.predicate.SortedRangeSet;
import com.amazonaws.athena.connector.lambda.domain.predicate.ValueSet;
import com.amazonaws.athena.connector.lambda.domain.spill.S3SpillLocation;
import com.amazonaws.athena.connector.lambda.domain.spill.SpillLocation;
import com.amazonaws.athena.connector.lambda.metadata.GetSplitsRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetSplitsResponse;
import com.amazonaws.athena.connector.lambda.metadata.GetTableLayoutRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetTableLayoutResponse;
import com.amazonaws.athena.connector.lambda.metadata.GetTableRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetTableResponse;
import com.amazonaws.athena.connector.lambda.metadata.ListSchemasRequest;
import com.amazonaws.athena.connector.lambda.metadata.ListSchemasResponse;
import com.amazonaws.athena.connector.lambda.metadata.ListTablesRequest;
import com.amazonaws.athena.connector.lambda.metadata.ListTablesResponse;
import com.amazonaws.athena.connector.lambda.records.ReadRecordsRequest;
import com.amazonaws.athena.connector.lambda.records.ReadRecordsResponse;
import com.amazonaws.athena.connector.lambda.records.RecordResponse;
import com.amazonaws.athena.connector.lambda.records.RemoteReadRecordsResponse;
import io.athenalake.connector.handler.MinioCompositeHandler;
import io.athenalake.connector.lambda.ConnectorComponents;
import io.athenalake.connector.testing.Federation;
import io.athenalake.connector.testing.Lake;
import io.athenalake.connector.testing.Rows;
import io.athenalake.connector.testing.Wire;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the connector as Athena does, over the wire format: list schemas, list tables page by page, get
 * table, layout with partition pruning, splits with continuation, read records inline and spilled
 * (spilled blocks read back from the spill bucket and decrypted), and compares rows with what was written.
 */
class ConnectorDriverIT {

    static final MessageType EVENTS = MessageTypeParser.parseMessageType(
            "message events { required int64 id; optional binary payload (STRING); optional double amount; }");
    static final int ROWS_PER_FILE = 30_000;
    static final List<String> EVENT_FILES = List.of("dt=2024-01-01/part-0.parquet", "dt=2024-01-01/part-1.parquet",
            "dt=2024-01-02/part-0.parquet", "Dt=2024-01-03/part-0.parquet".replace("Dt", "dt"));

    static Lake lake;
    static String database;
    static BlockAllocatorImpl allocator;
    static Wire wire;

    @BeforeAll
    static void writeLake() {
        lake = new Lake();
        database = lake.database("shop");
        for (int f = 0; f < EVENT_FILES.size(); f++) {
            long first = (long) f * ROWS_PER_FILE;
            SimpleGroupFactory rows = new SimpleGroupFactory(EVENTS);
            List<Group> groups = LongStream.range(first, first + ROWS_PER_FILE).mapToObj(id -> {
                Group g = rows.newGroup().append("id", id).append("payload", UUID.nameUUIDFromBytes(Long.toString(id).getBytes()).toString());
                if (id % 7 != 0) {
                    g.append("amount", id / 100.0);
                }
                return g;
            }).toList();
            lake.parquet(database, "warehouse/tables/events/" + EVENT_FILES.get(f), EVENTS, groups,
                    builder -> builder.withRowGroupSize(128L * 1024).withPageSize(16 * 1024));
        }
        MessageType small = MessageTypeParser.parseMessageType("message t { required int32 n; }");
        for (String table : List.of("Customers", "orders", "zones")) {
            lake.parquet(database, "warehouse/tables/" + table + "/data.parquet", small,
                    List.of(new SimpleGroupFactory(small).newGroup().append("n", 1)));
        }
        allocator = new BlockAllocatorImpl();
        MinioCompositeHandler handler = ConnectorComponents.create(lake.settings("warehouse/tables"));
        wire = new Wire(handler, allocator);
    }

    @AfterAll
    static void close() {
        allocator.close();
    }

    @Test
    void listsBucketsWithThePrefixAsDatabases() {
        lake.s3.createBucket(b -> b.bucket("other-" + lake.prefix + "x"));
        ListSchemasResponse schemas = wire.call(new ListSchemasRequest(Federation.IDENTITY, "q-schemas", Federation.CATALOG),
                ListSchemasResponse.class);
        assertThat(schemas.getSchemas()).contains(database, lake.spillBucket).doesNotContain("other-" + lake.prefix + "x");
    }

    @Test
    void listsTablesPageByPageInLowerCase() {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ListTablesResponse page = wire.call(new ListTablesRequest(Federation.IDENTITY, "q-tables", Federation.CATALOG, database, token, 2),
                    ListTablesResponse.class);
            assertThat(page.getTables()).hasSizeLessThanOrEqualTo(2);
            page.getTables().forEach(t -> seen.add(t.getTableName()));
            token = page.getNextToken();
            pages++;
        } while (token != null);
        assertThat(seen).containsExactly("customers", "events", "orders", "zones");
        assertThat(pages).isEqualTo(2);
    }

    @Test
    void readsEveryRowOnTheInlineAndTheSpillPath() throws Exception {
        TableName events = new TableName(database, "events");
        GetTableResponse table = wire.call(new GetTableRequest(Federation.IDENTITY, "q-read", Federation.CATALOG, events, Map.of()),
                GetTableResponse.class);
        assertThat(table.getSchema().getFields()).extracting(Field::getName).containsExactly("id", "payload", "amount", "dt");
        assertThat(table.getPartitionColumns()).containsExactly("dt");

        List<Split> splits = splits(table, noConstraints(), "q-read");
        // 4 files of ~1.5 MB with 128 KB row groups, 256 KB split target: several row-group ranges per file
        assertThat(splits.size()).isGreaterThan(EVENT_FILES.size() * 2);

        Set<Long> inline = new HashSet<>();
        Set<Long> spilled = new HashSet<>();
        int spilledResponses = 0;
        for (Split split : splits) {
            for (Map<String, Object> row : read(table, split, noConstraints(), 64L * 1024 * 1024, 32L * 1024 * 1024, inline)) {
                assertRow(row);
            }
            RecordResponse response = readRaw(table, split, noConstraints(), 200_000, 100);
            assertThat(response).isInstanceOf(RemoteReadRecordsResponse.class);
            spilledResponses++;
            for (Map<String, Object> row : spilledRows((RemoteReadRecordsResponse) response)) {
                assertRow(row);
                assertThat(spilled.add((Long) row.get("id"))).isTrue();
            }
        }
        Set<Long> expected = LongStream.range(0, (long) ROWS_PER_FILE * EVENT_FILES.size()).boxed().collect(Collectors.toSet());
        assertThat(inline).isEqualTo(expected);
        Set<Long> missing = new HashSet<>(expected);
        missing.removeAll(spilled);
        assertThat(missing).as("rows missing on the spill path (%s read)", spilled.size()).isEmpty();
        assertThat(spilled).isEqualTo(expected);
        assertThat(spilledResponses).isEqualTo(splits.size());
    }

    @Test
    void prunesPartitionsAndSkipsRowGroupsFromConstraints() throws Exception {
        TableName events = new TableName(database, "events");
        GetTableResponse table = wire.call(new GetTableRequest(Federation.IDENTITY, "q-prune", Federation.CATALOG, events, Map.of()),
                GetTableResponse.class);
        List<Split> all = splits(table, noConstraints(), "q-prune");

        Constraints onePartition = constraints(Map.of("dt", SortedRangeSet.of(Range.equal(allocator, ArrowType.Utf8.INSTANCE, "2024-01-02"))));
        List<Split> partitionSplits = splits(table, onePartition, "q-prune");
        assertThat(partitionSplits).isNotEmpty().allSatisfy(s -> assertThat(s.getProperty("partition.dt")).isEqualTo("2024-01-02"));

        // ids 61_000..61_999 live in one row group range of the 2024-01-02 file
        Constraints idRange = constraints(Map.of("id", SortedRangeSet.of(false,
                Range.range(allocator, new ArrowType.Int(64, true), 61_000L, true, 62_000L, false))));
        List<Split> idSplits = splits(table, idRange, "q-prune");
        assertThat(idSplits.size()).isLessThan(all.size() / 4);
        Set<Long> ids = new HashSet<>();
        for (Split split : idSplits) {
            read(table, split, idRange, 64L * 1024 * 1024, 32L * 1024 * 1024, ids);
        }
        assertThat(ids).isEqualTo(LongStream.range(61_000, 62_000).boxed().collect(Collectors.toSet()));
    }

    @Test
    void appliesTheLimitWithinEachSplit() throws Exception {
        GetTableResponse table = wire.call(new GetTableRequest(Federation.IDENTITY, "q-limit", Federation.CATALOG,
                new TableName(database, "events"), Map.of()), GetTableResponse.class);
        Split split = splits(table, noConstraints(), "q-limit").get(0);
        Constraints limit5 = new Constraints(Map.of(), List.of(), List.of(), 5, Map.of(), null);
        RecordResponse response = readRaw(table, split, limit5, 64L * 1024 * 1024, 32L * 1024 * 1024);
        assertThat(((ReadRecordsResponse) response).getRecordCount()).isEqualTo(5);
    }

    private static void assertRow(Map<String, Object> row) {
        long id = (Long) row.get("id");
        assertThat(row.get("payload")).isEqualTo(UUID.nameUUIDFromBytes(Long.toString(id).getBytes()).toString());
        assertThat(row.get("amount")).isEqualTo(id % 7 == 0 ? null : id / 100.0);
        String expectedDt = switch ((int) (id / ROWS_PER_FILE)) {
            case 0, 1 -> "2024-01-01";
            case 2 -> "2024-01-02";
            default -> "2024-01-03";
        };
        assertThat(row.get("dt")).isEqualTo(expectedDt);
    }

    private List<Split> splits(GetTableResponse table, Constraints constraints, String queryId) throws Exception {
        GetTableLayoutResponse layout = wire.call(new GetTableLayoutRequest(Federation.IDENTITY, queryId, Federation.CATALOG,
                table.getTableName(), constraints, table.getSchema(), table.getPartitionColumns()), GetTableLayoutResponse.class);
        Block partitions = layout.getPartitions();
        List<Split> splits = new ArrayList<>();
        String token = null;
        int calls = 0;
        do {
            GetSplitsResponse response = wire.call(new GetSplitsRequest(Federation.IDENTITY, queryId, Federation.CATALOG,
                    table.getTableName(), partitions, new ArrayList<>(table.getPartitionColumns()), constraints, token), GetSplitsResponse.class);
            splits.addAll(response.getSplits());
            token = response.getContinuationToken();
            calls++;
        } while (token != null);
        if (splits.size() > 6) {
            assertThat(calls).as("splits come in pages with continuation tokens").isGreaterThan(1);
        }
        return splits;
    }

    private List<Map<String, Object>> read(GetTableResponse table, Split split, Constraints constraints, long maxBlock, long maxInline,
                                           Set<Long> ids) throws Exception {
        RecordResponse response = readRaw(table, split, constraints, maxBlock, maxInline);
        List<Map<String, Object>> rows = response instanceof ReadRecordsResponse inline
                ? Rows.of(inline.getRecords()) : spilledRows((RemoteReadRecordsResponse) response);
        for (Map<String, Object> row : rows) {
            assertThat(ids.add((Long) row.get("id"))).as("row %s read once", row.get("id")).isTrue();
        }
        return rows;
    }

    private RecordResponse readRaw(GetTableResponse table, Split split, Constraints constraints, long maxBlock, long maxInline) {
        return wire.call(new ReadRecordsRequest(Federation.IDENTITY, Federation.CATALOG, "q-records", table.getTableName(),
                table.getSchema(), split, constraints, maxBlock, maxInline), RecordResponse.class);
    }

    private List<Map<String, Object>> spilledRows(RemoteReadRecordsResponse response) throws Exception {
        assertThat(response.getEncryptionKey()).as("spilled blocks are encrypted").isNotNull();
        List<Map<String, Object>> rows = new ArrayList<>();
        S3BlockSpillReader reader = new S3BlockSpillReader(lake.s3, allocator);
        for (SpillLocation location : response.getRemoteBlocks()) {
            S3SpillLocation s3Location = (S3SpillLocation) location;
            assertThat(s3Location.getBucket()).isEqualTo(lake.spillBucket);
            byte[] stored = lake.s3.getObjectAsBytes(b -> b.bucket(s3Location.getBucket()).key(s3Location.getKey())).asByteArray();
            try (Block block = reader.read(s3Location, response.getEncryptionKey(), response.getSchema())) {
                List<Map<String, Object>> blockRows = Rows.of(block);
                assertThat(blockRows).isNotEmpty();
                String payload = (String) blockRows.get(0).get("payload");
                assertThat(new String(stored, StandardCharsets.ISO_8859_1)).as("the stored block is encrypted").doesNotContain(payload);
                rows.addAll(blockRows);
            }
        }
        return rows;
    }

    private static Constraints noConstraints() {
        return constraints(Map.of());
    }

    private static Constraints constraints(Map<String, ValueSet> summary) {
        return new Constraints(summary, List.of(), List.of(), Constraints.DEFAULT_NO_LIMIT, Map.of(), null);
    }

    static Schema schemaOf(GetTableResponse table) {
        return table.getSchema();
    }
}
