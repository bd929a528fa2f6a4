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
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trino's predicate on a table as the federation protocol's {@code Constraints} summary: per column a
 * {@code SortedRangeSet} of the ranges Trino allows — what Athena sends with GetTableLayout, GetSplits and
 * ReadRecords, so the connector can prune partitions, splits and row groups. Only varchar, bigint, integer,
 * double and boolean columns are pushed; Trino keeps applying the whole predicate to the rows it gets back.
 */
final class PushedConstraints {

    private PushedConstraints() {
    }

    static boolean pushable(Type type) {
        return type instanceof VarcharType || type == BigintType.BIGINT || type == IntegerType.INTEGER
                || type == DoubleType.DOUBLE || type == BooleanType.BOOLEAN;
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
            return Range.equal(allocator, arrow, value(type, range.getLowBoundedValue()));
        }
        if (range.isLowUnbounded() && range.isHighUnbounded()) {
            return Range.all(allocator, arrow);
        }
        if (range.isLowUnbounded()) {
            Object high = value(type, range.getHighBoundedValue());
            return range.isHighInclusive() ? Range.lessThanOrEqual(allocator, arrow, high) : Range.lessThan(allocator, arrow, high);
        }
        if (range.isHighUnbounded()) {
            Object low = value(type, range.getLowBoundedValue());
            return range.isLowInclusive() ? Range.greaterThanOrEqual(allocator, arrow, low) : Range.greaterThan(allocator, arrow, low);
        }
        return Range.range(allocator, arrow, value(type, range.getLowBoundedValue()), range.isLowInclusive(),
                value(type, range.getHighBoundedValue()), range.isHighInclusive());
    }

    /** Trino's stack value as the Java value the SDK's blocks take for the column's Arrow type. */
    private static Object value(Type type, Object value) {
        if (type instanceof VarcharType) {
            return ((Slice) value).toStringUtf8();
        }
        if (type == IntegerType.INTEGER) {
            return Math.toIntExact((Long) value);
        }
        return value; // bigint: Long, double: Double, boolean: Boolean
    }
}
