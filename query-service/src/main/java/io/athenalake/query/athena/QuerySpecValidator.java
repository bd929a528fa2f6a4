package io.athenalake.query.athena;

import io.athenalake.query.athena.InvalidQueryRequestException.Violation;
import io.athenalake.query.config.QueryServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one set of rules a query must meet, whoever sends it (REST, queue, configuration). Every rule
 * is checked and every violation reported, each with its field, so a caller can fix all at once.
 */
@ApplicationScoped
public class QuerySpecValidator {

    public static final int MAX_SQL_LENGTH = 262_144;
    public static final int MAX_PARAMETERS = 100;
    public static final int MAX_PARAMETER_LENGTH = 1024;
    public static final int MAX_REUSE_MINUTES = 10_080;
    private static final Pattern CATALOG = Pattern.compile("[\\w@-]{1,256}");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern WORKGROUP = Pattern.compile("[a-zA-Z0-9._-]{1,128}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final QueryServiceConfig.Athena defaults;

    public QuerySpecValidator(QueryServiceConfig config) {
        this.defaults = config.athena();
    }

    /** Every rule {@code input} breaks, empty when it may run. */
    public List<Violation> violations(QueryInput input) {
        List<Violation> violations = new ArrayList<>();
        if (input.sql() == null || input.sql().isBlank()) {
            violations.add(new Violation("sql", "is required"));
        } else if (input.sql().length() > MAX_SQL_LENGTH) {
            violations.add(new Violation("sql", "is longer than " + MAX_SQL_LENGTH + " characters"));
        }
        check(violations, "catalog", input.catalog(), CATALOG, "letters, digits, _, @ or -, 1 to 256 characters");
        check(violations, "database", input.database(), DATABASE, "letters, digits, _ or -, 1 to 255 characters");
        check(violations, "workgroup", input.workgroup(), WORKGROUP, "letters, digits, ., _ or -, 1 to 128 characters");
        check(violations, "idempotencyKey", input.idempotencyKey(), IDEMPOTENCY_KEY,
                "letters, digits, ., _, : or -, 1 to 128 characters");
        if (input.parameters() != null) {
            if (input.parameters().size() > MAX_PARAMETERS) {
                violations.add(new Violation("parameters", "at most " + MAX_PARAMETERS + " values"));
            }
            for (int i = 0; i < input.parameters().size(); i++) {
                String value = input.parameters().get(i);
                if (value == null || value.isEmpty()) {
                    violations.add(new Violation("parameters[" + i + "]", "must not be null or empty (Athena binds SQL literals, e.g. 'text', 42, NULL)"));
                } else if (value.length() > MAX_PARAMETER_LENGTH) {
                    violations.add(new Violation("parameters[" + i + "]", "is longer than " + MAX_PARAMETER_LENGTH + " characters"));
                }
            }
        }
        if (input.resultReuseMaxAgeMinutes() != null
                && (input.resultReuseMaxAgeMinutes() < 1 || input.resultReuseMaxAgeMinutes() > MAX_REUSE_MINUTES)) {
            violations.add(new Violation("resultReuseMaxAgeMinutes", "must be between 1 and " + MAX_REUSE_MINUTES + " (7 days)"));
        }
        if (input.bytesScannedBudget() != null && input.bytesScannedBudget() < 1) {
            violations.add(new Violation("bytesScannedBudget", "must be a positive number of bytes"));
        }
        if (input.resultFormat() != null) {
            Optional<ResultFormat> format = ResultFormat.named(input.resultFormat());
            if (format.isEmpty()) {
                violations.add(new Violation("resultFormat", "must be csv, parquet or auto"));
            } else if (format.get() == ResultFormat.PARQUET && input.sql() != null && !input.sql().isBlank()) {
                UnloadStatement.whyNotParquet(input.sql()).ifPresent(why -> violations.add(new Violation("resultFormat",
                        "parquet is not possible: " + why + " (ask for csv, or auto to choose)")));
            }
        }
        return violations;
    }

    /**
     * The query to start, or {@link InvalidQueryRequestException} with every violation.
     *
     * @param tokenScope what the idempotency key is unique within (e.g. {@code rest}, {@code queue})
     * @param extra      violations the caller found in its own fields
     */
    public QuerySpec spec(QueryInput input, String tokenScope, List<Violation> extra) {
        List<Violation> violations = new ArrayList<>(extra);
        violations.addAll(violations(input));
        if (!violations.isEmpty()) {
            throw new InvalidQueryRequestException(violations);
        }
        return new QuerySpec(
                input.sql(),
                Optional.ofNullable(input.catalog()).orElse(defaults.catalog()),
                Optional.ofNullable(input.database()),
                Optional.ofNullable(input.workgroup()).orElse(defaults.workgroup()),
                input.parameters() == null ? List.of() : List.copyOf(input.parameters()),
                Optional.ofNullable(input.idempotencyKey()).map(key -> AthenaQueries.clientToken(tokenScope, key)),
                Optional.ofNullable(input.resultReuseMaxAgeMinutes()),
                Optional.ofNullable(input.bytesScannedBudget()),
                resultFormat(input));
    }

    /** The format the query's result is written in: what the caller asked, with auto decided from the SQL. */
    private static ResultFormat resultFormat(QueryInput input) {
        ResultFormat asked = input.resultFormat() == null ? ResultFormat.CSV : ResultFormat.named(input.resultFormat()).orElseThrow();
        if (asked == ResultFormat.AUTO) {
            return UnloadStatement.whyNotParquet(input.sql()).isEmpty() ? ResultFormat.PARQUET : ResultFormat.CSV;
        }
        return asked;
    }

    private static void check(List<Violation> violations, String field, String value, Pattern pattern, String rule) {
        if (value != null && !pattern.matcher(value).matches()) {
            violations.add(new Violation(field, "must be " + rule));
        }
    }
}
