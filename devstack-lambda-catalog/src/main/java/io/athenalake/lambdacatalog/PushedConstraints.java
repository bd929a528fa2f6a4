package io.athenalake.lambdacatalog;

import com.amazonaws.athena.connector.lambda.data.BlockAllocator;
import com.amazonaws.athena.connector.lambda.domain.predicate.Constraints;
import com.amazonaws.athena.connector.lambda.domain.predicate.Range;
import com.amazonaws.athena.connector.lambda.domain.predicate.SortedRangeSet;
import com.amazonaws.athena.connector.lambda.domain.predicate.ValueSet;
import io.airlift.slice.Slice;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.BooleanType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.LongTimestamp;
import io.trino.spi.type.LongTimestampWithTimeZone;
import io.trino.spi.type.RealType;
import io.trino.spi.type.SmallintType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.TinyintType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarbinaryType;
import io.trino.spi.type.VarcharType;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.trino.spi.type.DateTimeEncoding.unpackMillisUtc;

/**
 * Trino's predicate on a table as the federation protocol's {@code Constraints} summary: per column a
 * {@code SortedRangeSet} of the ranges Trino allows — what Athena sends with GetTableLayout, GetSplits and
 * ReadRecords, so the connector can prune partitions, splits and row groups. Every scalar type Athena pushes is pushed
 * (integers, real, double, boolean, varchar, varbinary, decimal, date, timestamps); Trino keeps applying the whole
 * predicate to the rows it gets back. A pushdown can be switched off per session ({@code pushdown_enabled}), so a
 * test can tell what the connector's own filtering changes.
 */
final class PushedConstraints {

    private PushedConstraints() {
    }

    static boolean pushable(Type type) {
        return type instanceof VarcharType || type == BigintType.BIGINT || type == IntegerType.INTEGER
                || type == SmallintType.SMALLINT || type == TinyintType.TINYINT || type == RealType.REAL
                || type == DoubleType.DOUBLE || type == BooleanType.BOOLEAN || type == VarbinaryType.VARBINARY
                || type instanceof DecimalType || type == DateType.DATE || type instanceof TimestampType
                || type instanceof TimestampWithTimeZoneType;
    }

    /** No constraint: what is sent when Trino has no predicate on the table. */
    static Constraints none() {
        return new Constraints(Map.of(), List.of(), List.of(), Constraints.DEFAULT_NO_LIMIT, Map.of(), null);
    }

    /** The table's pushed predicate as Constraints (allocated from {@code allocator}: close them after the call). */
    static Constraints of(LambdaTableHandle table, BlockAllocator allocator) {
        TupleDomain<LambdaColumnHandle> predicate = table.constraint();
        if (predicate.isAll() || predicate.getDomains().isEmpty()) {
            return none();
        }
        Schema schema = table.arrowSchema();
        Map<String, ValueSet> summary = new LinkedHashMap<>();
        predicate.getDomains().get().forEach((column, domain) ->
                summary.put(column.name(), valueSet(allocator, schema.findField(column.name()).getType(), column.type(), domain)));
        return new Constraints(summary, List.of(), List.of(), Constraints.DEFAULT_NO_LIMIT, Map.of(), null);
    }

    static ValueSet valueSet(BlockAllocator allocator, ArrowType arrow, Type type, Domain domain) {
        if (domain.getValues().isAll()) {
            return domain.isNullAllowed() ? SortedRangeSet.all(allocator, arrow) : SortedRangeSet.notNull(allocator, arrow);
        }
        if (domain.getValues().isNone()) {
            return domain.isNullAllowed() ? SortedRangeSet.onlyNull(arrow) : SortedRangeSet.none(arrow);
        }
        List<Range> ranges = domain.getValues().getRanges().getOrderedRanges().stream()
                .map(range -> range(allocator, arrow, type, range))
                .toList();
        return SortedRangeSet.copyOf(arrow, ranges, domain.isNullAllowed());
    }

    private static Range range(BlockAllocator allocator, ArrowType arrow, Type type, io.trino.spi.predicate.Range range) {
        if (range.isSingleValue()) {
            return Range.equal(allocator, arrow, value(arrow, type, range.getLowBoundedValue()));
        }
        if (range.isLowUnbounded() && range.isHighUnbounded()) {
            return Range.all(allocator, arrow);
        }
        if (range.isLowUnbounded()) {
            Object high = value(arrow, type, range.getHighBoundedValue());
            return range.isHighInclusive() ? Range.lessThanOrEqual(allocator, arrow, high) : Range.lessThan(allocator, arrow, high);
        }
        if (range.isHighUnbounded()) {
            Object low = value(arrow, type, range.getLowBoundedValue());
            return range.isLowInclusive() ? Range.greaterThanOrEqual(allocator, arrow, low) : Range.greaterThan(allocator, arrow, low);
        }
        return Range.range(allocator, arrow, value(arrow, type, range.getLowBoundedValue()), range.isLowInclusive(),
                value(arrow, type, range.getHighBoundedValue()), range.isHighInclusive());
    }

    /** Trino's stack value as the Java value the SDK's blocks and comparator take for the column's Arrow type. */
    static Object value(ArrowType arrow, Type type, Object value) {
        if (type instanceof VarcharType) {
            return ((Slice) value).toStringUtf8();
        }
        if (type == VarbinaryType.VARBINARY) {
            return ((Slice) value).getBytes();
        }
        if (type == IntegerType.INTEGER || type == DateType.DATE) {
            return Math.toIntExact((Long) value);
        }
        if (type == SmallintType.SMALLINT) {
            return ((Long) value).shortValue();
        }
        if (type == TinyintType.TINYINT) {
            return ((Long) value).byteValue();
        }
        if (type == RealType.REAL) {
            return Float.intBitsToFloat(Math.toIntExact((Long) value));
        }
        if (type instanceof DecimalType decimal) {
            BigInteger unscaled = value instanceof Int128 wide ? wide.toBigInteger() : BigInteger.valueOf((Long) value);
            return new BigDecimal(unscaled, decimal.getScale());
        }
        if (type instanceof TimestampWithTimeZoneType) {
            long millis = value instanceof LongTimestampWithTimeZone wide ? wide.getEpochMillis() : unpackMillisUtc((Long) value);
            long picos = value instanceof LongTimestampWithTimeZone wide ? wide.getPicosOfMilli() : 0;
            if (((ArrowType.Timestamp) arrow).getUnit() == TimeUnit.MICROSECOND) {
                return millis * 1_000 + picos / 1_000_000;
            }
            // as Athena sends it: a ZonedDateTime the SDK's blocks store in the packed form (millis << 12 | zone key)
            return Instant.ofEpochMilli(millis).atZone(ZoneId.of("UTC"));
        }
        if (type instanceof TimestampType) {
            long micros = value instanceof LongTimestamp wide ? wide.getEpochMicros() : (Long) value;
            if (arrow instanceof ArrowType.Date) {
                // Date(MILLISECOND): the SDK takes a LocalDateTime (UTC wall clock)
                return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000), (int) Math.floorMod(micros, 1_000_000) * 1_000,
                        ZoneOffset.UTC);
            }
            return ((ArrowType.Timestamp) arrow).getUnit() == TimeUnit.MICROSECOND ? micros : Math.floorDiv(micros, 1_000);
        }
        return value; // bigint: Long, double: Double, boolean: Boolean
    }
}
