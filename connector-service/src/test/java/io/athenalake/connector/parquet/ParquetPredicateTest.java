package io.athenalake.connector.parquet;

import com.amazonaws.athena.connector.lambda.data.BlockAllocatorImpl;
import com.amazonaws.athena.connector.lambda.domain.predicate.Range;
import com.amazonaws.athena.connector.lambda.domain.predicate.SortedRangeSet;
import com.amazonaws.athena.connector.lambda.domain.predicate.ValueSet;
import io.athenalake.connector.testing.Lake;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Constraint evaluation against real parquet statistics: which row groups a query can skip. */
class ParquetPredicateTest {

    static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message m { required int64 id; optional binary city (STRING); optional double price; optional int32 n; }");
    static final ArrowType BIGINT = new ArrowType.Int(64, true);
    static BlockAllocatorImpl allocator;
    static ParquetMetadata footer;
    static long size;

    @BeforeAll
    static void write() throws Exception {
        allocator = new BlockAllocatorImpl();
        SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);
        List<Group> groups = IntStream.range(0, 50_000).mapToObj(i -> rows.newGroup().append("id", (long) i)
                .append("city", i < 25_000 ? "Lisbon" : "Oslo").append("price", i * 0.5))
                .peek(row -> {
                    long id = row.getLong("id", 0);
                    if (id < 20_000 || id >= 30_000) {
                        row.append("n", (int) (id % 100));
                    }
                }).toList();
        Path file = Lake.writeLocal(SCHEMA, groups, b -> b.withRowGroupSize(64L * 1024).withPageSize(8 * 1024));
        size = Files.size(file);
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            footer = reader.getFooter();
        }
        Files.delete(file);
        assertThat(footer.getBlocks().size()).as("the file has many row groups").isGreaterThan(5);
    }

    @AfterAll
    static void close() {
        allocator.close();
    }

    ParquetPredicate predicate(Map<String, ValueSet> summary) {
        return ParquetPredicate.of(summary, footer.getFileMetaData().getSchema(), Set.of("dt"));
    }

    long rows(List<SplitPlanner.ByteRange> ranges) {
        return ranges.stream().mapToLong(SplitPlanner.ByteRange::rows).sum();
    }

    @Test
    void withoutConstraintsEveryRowGroupIsReadInRangesOfTheTargetSize() {
        List<SplitPlanner.ByteRange> ranges = SplitPlanner.plan(footer, size, ParquetPredicate.none(), 128 * 1024);
        assertThat(ranges.size()).isGreaterThan(1);
        assertThat(rows(ranges)).isEqualTo(50_000);
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).start()).isGreaterThanOrEqualTo(ranges.get(i - 1).end());
        }
        assertThat(SplitPlanner.plan(footer, size, ParquetPredicate.none(), size)).hasSize(1);
    }

    @Test
    void aRangeOnASortedColumnSkipsTheRowGroupsOutsideIt() {
        ParquetPredicate idRange = predicate(Map.of("id", SortedRangeSet.of(false,
                Range.range(allocator, BIGINT, 10_000L, true, 10_100L, false))));
        long kept = rows(SplitPlanner.plan(footer, size, idRange, 1));
        assertThat(kept).isGreaterThanOrEqualTo(100).isLessThan(50_000 / 4);
    }

    @Test
    void stringEqualityUsesTheStatisticsToo() {
        ParquetPredicate oslo = predicate(Map.of("city", SortedRangeSet.of(Range.equal(allocator, ArrowType.Utf8.INSTANCE, "Oslo"))));
        long kept = rows(SplitPlanner.plan(footer, size, oslo, 1));
        assertThat(kept).isGreaterThanOrEqualTo(25_000).isLessThan(50_000);
        ParquetPredicate nowhere = predicate(Map.of("city", SortedRangeSet.of(Range.equal(allocator, ArrowType.Utf8.INSTANCE, "Zagreb"))));
        assertThat(SplitPlanner.plan(footer, size, nowhere, 1)).isEmpty();
    }

    @Test
    void aConstrainedColumnTheFileLacksMatchesNothingUnlessNullIsAllowed() {
        ParquetPredicate strict = predicate(Map.of("missing", SortedRangeSet.of(Range.equal(allocator, BIGINT, 1L))));
        assertThat(strict.matchesNothing()).isTrue();
        ParquetPredicate nullable = predicate(Map.of("missing", SortedRangeSet.of(true, Range.equal(allocator, BIGINT, 1L), List.of())));
        assertThat(nullable.matchesNothing()).isFalse();
        assertThat(nullable.filter()).isEmpty();
    }

    @Test
    void isNullKeepsTheRowGroupsHoldingNullsAndOnlyThose() {
        ParquetPredicate isNull = predicate(Map.of("n", SortedRangeSet.onlyNull(new ArrowType.Int(32, true))));
        assertThat(isNull.matchesNothing()).as("IS NULL is not 'no value'").isFalse();
        long kept = rows(SplitPlanner.plan(footer, size, isNull, 1));
        assertThat(kept).as("the 10,000 null rows are kept, row groups without nulls skipped").isGreaterThanOrEqualTo(10_000)
                .isLessThan(50_000 / 2);
        ParquetPredicate isNullOrLarge = predicate(Map.of("n", SortedRangeSet.of(true,
                Range.greaterThan(allocator, new ArrowType.Int(32, true), 1_000), List.of())));
        assertThat(rows(SplitPlanner.plan(footer, size, isNullOrLarge, 1))).isGreaterThanOrEqualTo(10_000).isLessThan(50_000 / 2);
        ParquetPredicate noValueAtAll = predicate(Map.of("n", SortedRangeSet.none(new ArrowType.Int(32, true))));
        assertThat(noValueAtAll.matchesNothing()).isTrue();
    }

    @Test
    void partitionColumnsAndUntranslatableTypesAreLeftAlone() {
        ParquetPredicate partition = predicate(Map.of("dt", SortedRangeSet.of(Range.equal(allocator, ArrowType.Utf8.INSTANCE, "2024"))));
        assertThat(partition.filter()).isEmpty();
        assertThat(partition.matchesNothing()).isFalse();
    }
}
