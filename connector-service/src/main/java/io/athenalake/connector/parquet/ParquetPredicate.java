package io.athenalake.connector.parquet;

import com.amazonaws.athena.connector.lambda.domain.predicate.EquatableValueSet;
import com.amazonaws.athena.connector.lambda.domain.predicate.Marker;
import com.amazonaws.athena.connector.lambda.domain.predicate.Range;
import com.amazonaws.athena.connector.lambda.domain.predicate.SortedRangeSet;
import com.amazonaws.athena.connector.lambda.domain.predicate.ValueSet;
import io.athenalake.connector.mapping.Names;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Athena's constraint summary as a parquet filter for one file. Parquet then skips row groups by their
 * min/max statistics and dictionaries and drops non-matching records. Only what can be expressed exactly
 * is translated (signed integers, floats, booleans, strings, dates on top-level columns); everything
 * else is left to Athena, which filters the rows it receives anyway.
 *
 * @param filter       the filter, empty when no constraint applies to this file
 * @param matchesNothing true when the constraints exclude every row of the file (e.g. a constrained column it lacks)
 * @param columns      the file's column names the filter reads (they must be part of the projection)
 */
public record ParquetPredicate(Optional<FilterPredicate> filter, boolean matchesNothing, Set<String> columns) {

    /** More ranges than this for one column (huge IN lists) are left to Athena. */
    static final int MAX_RANGES = 256;

    public FilterCompat.Filter compat() {
        return filter.map(FilterCompat::get).orElse(FilterCompat.NOOP);
    }

    public static ParquetPredicate none() {
        return new ParquetPredicate(Optional.empty(), false, Set.of());
    }

    public static ParquetPredicate of(Map<String, ValueSet> summary, MessageType fileSchema, Collection<String> partitionColumns) {
        List<FilterPredicate> conjuncts = new ArrayList<>();
        Set<String> columns = new java.util.LinkedHashSet<>();
        for (Map.Entry<String, ValueSet> constraint : summary.entrySet()) {
            String name = Names.athenaName(constraint.getKey());
            if (partitionColumns.contains(name)) {
                continue;
            }
            ValueSet values = constraint.getValue();
            if (values.isAll()) {
                continue;
            }
            Optional<Type> column = fileSchema.getFields().stream().filter(f -> Names.athenaName(f.getName()).equals(name)).findFirst();
            if (column.isEmpty()) {
                // absent from this file: every row holds null there
                if (!values.isNullAllowed()) {
                    return new ParquetPredicate(Optional.empty(), true, Set.of());
                }
                continue;
            }
            Type type = column.get();
            if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
                continue;
            }
            if (type.getName().contains(".")) {
                // parquet's filter API takes a column by dotted path: "a.b" would be field b of a group a, which the
                // file lacks, and every row would be dropped as null; Athena filters this column alone
                continue;
            }
            Kind kind = Kind.of(type.asPrimitiveType());
            if (kind == null) {
                continue;
            }
            Translation translation = translate(values, kind, type.getName());
            if (translation.nothing) {
                return new ParquetPredicate(Optional.empty(), true, Set.of());
            }
            if (translation.predicate != null) {
                conjuncts.add(translation.predicate);
                columns.add(type.getName());
            }
        }
        Optional<FilterPredicate> filter = conjuncts.stream().reduce(FilterApi::and);
        return new ParquetPredicate(filter, false, Set.copyOf(columns));
    }

    private record Translation(FilterPredicate predicate, boolean nothing) {
    }

    private static Translation translate(ValueSet values, Kind kind, String column) {
        if (values instanceof SortedRangeSet ranges) {
            if (ranges.isNone()) {
                // the SDK's isNone() looks at the ranges only: IS NULL is no range with nulls allowed
                return ranges.isNullAllowed() ? new Translation(kind.isNull(column), false) : new Translation(null, true);
            }
            List<Range> ordered = ranges.getOrderedRanges();
            if (ordered.size() > MAX_RANGES) {
                return new Translation(null, false);
            }
            List<FilterPredicate> disjuncts = new ArrayList<>();
            for (Range range : ordered) {
                FilterPredicate predicate = kind.range(column, range);
                if (predicate == null) {
                    return new Translation(null, false);
                }
                disjuncts.add(predicate);
            }
            if (ranges.isNullAllowed()) {
                disjuncts.add(kind.isNull(column));
            }
            return new Translation(disjuncts.stream().reduce(FilterApi::or).orElse(null), false);
        }
        if (values instanceof EquatableValueSet equatable && equatable.isWhiteList()) {
            int count = equatable.getValues().getRowCount();
            if (count > MAX_RANGES) {
                return new Translation(null, false);
            }
            List<FilterPredicate> disjuncts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                FilterPredicate predicate = kind.eq(column, equatable.getValue(i));
                if (predicate == null) {
                    return new Translation(null, false);
                }
                disjuncts.add(predicate);
            }
            if (equatable.isNullAllowed()) {
                disjuncts.add(kind.isNull(column));
            }
            if (disjuncts.isEmpty()) {
                return new Translation(null, true);
            }
            return new Translation(disjuncts.stream().reduce(FilterApi::or).orElse(null), false);
        }
        return new Translation(null, false);
    }

    /** The parquet columns whose comparisons match Athena's exactly. */
    enum Kind {
        INT, DATE, LONG, FLOAT, DOUBLE, BOOLEAN, STRING;

        static Kind of(PrimitiveType type) {
            LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
            return switch (type.getPrimitiveTypeName()) {
                case INT32 -> logical == null || (logical instanceof IntLogicalTypeAnnotation i && i.isSigned()) ? INT
                        : logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation ? DATE : null;
                case INT64 -> logical == null || (logical instanceof IntLogicalTypeAnnotation i && i.isSigned()) ? LONG : null;
                case FLOAT -> FLOAT;
                case DOUBLE -> DOUBLE;
                case BOOLEAN -> BOOLEAN;
                case BINARY -> logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation ? STRING : null;
                default -> null;
            };
        }

        @SuppressWarnings({"rawtypes", "unchecked"})
        FilterPredicate range(String column, Range range) {
            if (range.isAll()) {
                return FilterApi.not(isNull(column));
            }
            if (range.isSingleValue() && !isZero(value(range.getSingleValue()))) {
                return eq(column, range.getSingleValue());
            }
            if (this == BOOLEAN) {
                return null;
            }
            Operators.Column col = column(column);
            FilterPredicate low = null;
            FilterPredicate high = null;
            Marker lowMarker = range.getLow();
            if (!lowMarker.isLowerUnbounded()) {
                Comparable value = value(lowMarker.getValue());
                if (value == null) {
                    return null;
                }
                if (isZero(value)) {
                    // SQL has one zero, parquet orders -0.0 below 0.0: from either zero on, both are in
                    low = FilterApi.gtEq((Operators.Column & Operators.SupportsLtGt) col, negativeZero());
                } else {
                    low = lowMarker.getBound() == Marker.Bound.EXACTLY
                            ? FilterApi.gtEq((Operators.Column & Operators.SupportsLtGt) col, value)
                            : FilterApi.gt((Operators.Column & Operators.SupportsLtGt) col, value);
                }
            }
            Marker highMarker = range.getHigh();
            if (!highMarker.isUpperUnbounded()) {
                Comparable value = value(highMarker.getValue());
                if (value == null) {
                    return null;
                }
                if (isZero(value)) {
                    high = FilterApi.ltEq((Operators.Column & Operators.SupportsLtGt) col, positiveZero());
                } else {
                    high = highMarker.getBound() == Marker.Bound.EXACTLY
                            ? FilterApi.ltEq((Operators.Column & Operators.SupportsLtGt) col, value)
                            : FilterApi.lt((Operators.Column & Operators.SupportsLtGt) col, value);
                }
            }
            if (low != null && high != null) {
                return FilterApi.and(low, high);
            }
            return low != null ? low : high;
        }

        /**
         * A float or double zero of either sign. SQL compares -0.0 equal to 0.0; parquet's filters and statistics order
         * -0.0 below 0.0 (Float.compare), so a bound at zero is widened to both zeros (more rows, never fewer: Athena
         * filters what the connector returns again).
         */
        @SuppressWarnings("rawtypes")
        private static boolean isZero(Comparable value) {
            return value instanceof Float f && f == 0f || value instanceof Double d && d == 0d;
        }

        @SuppressWarnings("rawtypes")
        private Comparable negativeZero() {
            return this == FLOAT ? (Comparable) (-0.0f) : (Comparable) (-0.0d);
        }

        @SuppressWarnings("rawtypes")
        private Comparable positiveZero() {
            return this == FLOAT ? (Comparable) 0.0f : (Comparable) 0.0d;
        }

        @SuppressWarnings({"rawtypes", "unchecked"})
        FilterPredicate eq(String column, Object raw) {
            Comparable value = value(raw);
            if (value == null) {
                return null;
            }
            if (isZero(value)) {
                Operators.Column col = column(column);
                return FilterApi.and(FilterApi.gtEq((Operators.Column & Operators.SupportsLtGt) col, negativeZero()),
                        FilterApi.ltEq((Operators.Column & Operators.SupportsLtGt) col, positiveZero()));
            }
            return FilterApi.eq((Operators.Column & Operators.SupportsEqNotEq) column(column), value);
        }

        @SuppressWarnings({"rawtypes", "unchecked"})
        FilterPredicate isNull(String column) {
            return FilterApi.eq((Operators.Column & Operators.SupportsEqNotEq) column(column), null);
        }

        private Operators.Column<?> column(String name) {
            return switch (this) {
                case INT, DATE -> FilterApi.intColumn(name);
                case LONG -> FilterApi.longColumn(name);
                case FLOAT -> FilterApi.floatColumn(name);
                case DOUBLE -> FilterApi.doubleColumn(name);
                case BOOLEAN -> FilterApi.booleanColumn(name);
                case STRING -> FilterApi.binaryColumn(name);
            };
        }

        @SuppressWarnings("rawtypes")
        private Comparable value(Object raw) {
            if (raw == null) {
                return null;
            }
            switch (this) {
                case INT:
                    return raw instanceof Number n ? n.intValue() : null;
                case DATE:
                    if (raw instanceof Number n) {
                        return n.intValue();
                    }
                    if (raw instanceof LocalDate d) {
                        return (int) d.toEpochDay();
                    }
                    if (raw instanceof LocalDateTime t) {
                        return (int) t.toLocalDate().toEpochDay();
                    }
                    return null;
                case LONG:
                    return raw instanceof Number n ? n.longValue() : null;
                case FLOAT:
                    return raw instanceof Number n ? n.floatValue() : null;
                case DOUBLE:
                    return raw instanceof Number n ? n.doubleValue() : null;
                case BOOLEAN:
                    return raw instanceof Boolean b ? b : null;
                case STRING:
                    return Binary.fromString(raw.toString());
                default:
                    return null;
            }
        }
    }
}
