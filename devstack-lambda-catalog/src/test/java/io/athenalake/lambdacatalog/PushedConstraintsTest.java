package io.athenalake.lambdacatalog;

import com.amazonaws.athena.connector.lambda.data.BlockAllocatorImpl;
import com.amazonaws.athena.connector.lambda.data.DateTimeFormatterUtil;
import com.amazonaws.athena.connector.lambda.domain.predicate.Constraints;
import com.amazonaws.athena.connector.lambda.domain.predicate.SortedRangeSet;
import com.amazonaws.athena.connector.lambda.domain.predicate.ValueSet;
import io.airlift.slice.Slices;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.Range;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.DateTimeEncoding;
import io.trino.spi.type.TimestampWithTimeZoneType;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

/** Trino's predicates as the Constraints Athena sends: the values they let through, and what they keep out. */
class PushedConstraintsTest {

    static final Schema SCHEMA = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("n", new ArrowType.Int(32, true)), Field.nullable("dt", ArrowType.Utf8.INSTANCE)));
    static final LambdaColumnHandle ID = new LambdaColumnHandle("id", BIGINT);
    static final LambdaColumnHandle N = new LambdaColumnHandle("n", INTEGER);
    static final LambdaColumnHandle DT = new LambdaColumnHandle("dt", VARCHAR);

    @Test
    void partitionEqualityAndIdRangesBecomeSortedRangeSets() {
        TupleDomain<LambdaColumnHandle> predicate = TupleDomain.withColumnDomains(Map.of(
                DT, Domain.singleValue(VARCHAR, Slices.utf8Slice("2024-01-02")),
                ID, Domain.create(io.trino.spi.predicate.ValueSet.ofRanges(Range.range(BIGINT, 1000L, true, 2000L, false)), false),
                N, Domain.create(io.trino.spi.predicate.ValueSet.ofRanges(Range.greaterThan(INTEGER, 5L)), true)));
        try (BlockAllocatorImpl allocator = new BlockAllocatorImpl();
             Constraints constraints = PushedConstraints.of(table(predicate), allocator)) {
            Map<String, ValueSet> summary = constraints.getSummary();
            assertThat(summary.get("dt").containsValue("2024-01-02")).isTrue();
            assertThat(summary.get("dt").containsValue("2024-01-03")).isFalse();
            assertThat(summary.get("dt").isNullAllowed()).isFalse();
            assertThat(summary.get("id").containsValue(1000L)).isTrue();
            assertThat(summary.get("id").containsValue(1999L)).isTrue();
            assertThat(summary.get("id").containsValue(2000L)).isFalse();
            assertThat(summary.get("id").containsValue(999L)).isFalse();
            assertThat(summary.get("n").containsValue(6)).isTrue();
            assertThat(summary.get("n").containsValue(5)).isFalse();
            assertThat(summary.get("n").isNullAllowed()).isTrue();
        }
    }

    @Test
    void zonedMillisecondTimestampsTravelInAthenasPackedForm() {
        // Athena sends timestamp with time zone as the SDK packs it (millis << 12 | zone key); the SDK's own reading of
        // the marker gives back the instant, and a raw epoch value would be refused as an invalid zone key
        ArrowType zoned = new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");
        Instant at = Instant.parse("2024-03-15T10:15:30.123Z");
        long trinoValue = DateTimeEncoding.packDateTimeWithZone(at.toEpochMilli(), "UTC");
        Domain domain = Domain.create(io.trino.spi.predicate.ValueSet.ofRanges(
                Range.greaterThanOrEqual(TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS, trinoValue)), false);
        try (BlockAllocatorImpl allocator = new BlockAllocatorImpl()) {
            ValueSet values = PushedConstraints.valueSet(allocator, zoned, TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS, domain);
            Object low = ((SortedRangeSet) values).getSpan().getLow().getValue();
            assertThat(low).isInstanceOf(Long.class);
            assertThat(DateTimeFormatterUtil.constructZonedDateTime((Long) low, (ArrowType.Timestamp) zoned).toInstant()).isEqualTo(at);
        }
    }

    @Test
    void noPredicateSendsNoConstraints() {
        try (BlockAllocatorImpl allocator = new BlockAllocatorImpl();
             Constraints constraints = PushedConstraints.of(table(TupleDomain.all()), allocator)) {
            assertThat(constraints.getSummary()).isEmpty();
        }
    }

    private static LambdaTableHandle table(TupleDomain<LambdaColumnHandle> predicate) {
        return new LambdaTableHandle("s", "t", SCHEMA.toJson(), List.of("dt"), predicate);
    }
}
