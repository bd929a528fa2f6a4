package io.athenalake.devstack.athena;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.devstack.athena.AthenaShapes.AthenaError;
import io.athenalake.devstack.athena.AthenaShapes.BatchGetQueryExecutionResponse;
import io.athenalake.devstack.athena.AthenaShapes.GetQueryExecutionResponse;
import io.athenalake.devstack.athena.AthenaShapes.ListQueryExecutionsResponse;
import io.athenalake.devstack.athena.AthenaShapes.QueryExecutionContext;
import io.athenalake.devstack.athena.AthenaShapes.QueryExecutionShape;
import io.athenalake.devstack.athena.AthenaShapes.ResultConfiguration;
import io.athenalake.devstack.athena.AthenaShapes.ResultReuseInformation;
import io.athenalake.devstack.athena.AthenaShapes.StartQueryExecutionResponse;
import io.athenalake.devstack.athena.AthenaShapes.Statistics;
import io.athenalake.devstack.athena.AthenaShapes.Status;
import io.athenalake.devstack.athena.AthenaShapes.StopQueryExecutionResponse;
import io.athenalake.devstack.athena.AthenaShapes.UnprocessedQueryExecutionId;
import io.athenalake.devstack.athena.AthenaShapes.WorkGroupConfiguration;
import io.athenalake.devstack.athena.AthenaShapes.WorkGroupShape;
import io.athenalake.devstack.aws.AwsJson;
import io.athenalake.devstack.s3.S3Location;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import static io.athenalake.devstack.athena.AthenaRequests.INVALID;
import static io.athenalake.devstack.athena.AthenaRequests.invalid;

/**
 * The life of Athena queries — StartQueryExecution, GetQueryExecution, BatchGetQueryExecution, StopQueryExecution,
 * ListQueryExecutions — run by the {@link TrinoEngine}: the result location (the workgroup's when it enforces its
 * configuration), {@code ClientRequestToken} idempotency, result reuse, and the history, in memory for the life of the
 * stack.
 */
final class QueryExecutions {

    private final TrinoEngine engine;
    private final WorkGroups workGroups;
    private final Map<String, QueryExecution> executions = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> executionsByWorkGroup = new ConcurrentHashMap<>();
    private final Map<String, String> executionByClientToken = new ConcurrentHashMap<>();

    QueryExecutions(TrinoEngine engine, WorkGroups workGroups) {
        this.engine = engine;
        this.workGroups = workGroups;
    }

    StartQueryExecutionResponse start(JsonNode request) {
        String query = AwsJson.requiredText(request, "QueryString", INVALID);
        if (query.length() > 262_144) {
            throw invalid("QueryString is longer than 262144 characters");
        }
        String workGroupName = AwsJson.optionalText(request, "WorkGroup", INVALID).orElse(WorkGroups.PRIMARY);
        WorkGroupShape workGroup = workGroups.workGroup(workGroupName);
        JsonNode context = AwsJson.object(request, "QueryExecutionContext", INVALID);
        String catalog = AwsJson.optionalText(context, "Catalog", INVALID).orElse("AwsDataCatalog");
        String database = AwsJson.optionalText(context, "Database", INVALID).orElse(null);
        if (!DataCatalogs.NAME.matcher(catalog).matches()) {
            throw invalid("QueryExecutionContext.Catalog '" + catalog + "' is not a valid catalog name");
        }
        List<String> parameters = AwsJson.textList(request, "ExecutionParameters", INVALID);
        if (parameters.stream().anyMatch(String::isEmpty)) {
            throw invalid("ExecutionParameters must not contain empty values");
        }
        String outputFolder = outputFolder(workGroup, AwsJson.object(request, "ResultConfiguration", INVALID));
        Optional<String> token = AwsJson.optionalText(request, "ClientRequestToken", INVALID);
        if (token.isPresent() && (token.get().length() < 32 || token.get().length() > 128)) {
            throw invalid("ClientRequestToken must be 32 to 128 characters long");
        }
        Optional<Integer> reuseMaxAge = resultReuseMaxAge(AwsJson.object(request, "ResultReuseConfiguration", INVALID));
        String fingerprint = String.join("\u0000", query, workGroupName, catalog, String.valueOf(database),
                String.join("\u0001", parameters), outputFolder);

        if (token.isPresent()) {
            String existing = executionByClientToken.get(token.get());
            if (existing != null) {
                return idempotentAnswer(existing, fingerprint);
            }
        }
        String id = UUID.randomUUID().toString();
        synchronized (executionByClientToken) {
            if (token.isPresent()) {
                String existing = executionByClientToken.putIfAbsent(token.get(), id);
                if (existing != null) {
                    return idempotentAnswer(existing, fingerprint);
                }
            }
        }
        Long cutoff = workGroup.configuration().bytesScannedCutoffPerQuery();
        QueryExecution reusable = reuseMaxAge.flatMap(age -> reusable(fingerprint, age)).orElse(null);
        QueryExecution execution = new QueryExecution(id, query, workGroupName, catalog, database,
                reusable == null ? outputFolder + id : reusable.outputLocation, parameters, cutoff, fingerprint);
        executions.put(id, execution);
        executionsByWorkGroup.computeIfAbsent(workGroupName, k -> new ConcurrentLinkedDeque<>()).addFirst(id);
        if (reusable != null) {
            execution.reuse(reusable);
        } else {
            engine.submit(execution);
        }
        return new StartQueryExecutionResponse(id);
    }

    private StartQueryExecutionResponse idempotentAnswer(String existingId, String fingerprint) {
        QueryExecution existing = executions.get(existingId);
        if (existing != null && !existing.fingerprint.equals(fingerprint)) {
            throw invalid("Idempotent parameters do not match: ClientRequestToken was already used for a different query");
        }
        return new StartQueryExecutionResponse(existingId);
    }

    private Optional<QueryExecution> reusable(String fingerprint, int maxAgeMinutes) {
        Instant oldest = Instant.now().minus(Duration.ofMinutes(maxAgeMinutes));
        return executions.values().stream()
                .filter(e -> e.fingerprint.equals(fingerprint) && StatementTypes.isSelect(e.query))
                .filter(e -> e.state() == QueryExecution.State.SUCCEEDED && e.completed().isAfter(oldest))
                .max((a, b) -> a.completed().compareTo(b.completed()));
    }

    private static Optional<Integer> resultReuseMaxAge(JsonNode reuse) {
        JsonNode byAge = AwsJson.object(reuse, "ResultReuseByAgeConfiguration", INVALID);
        if (!AwsJson.optionalBoolean(byAge, "Enabled", INVALID).orElse(false)) {
            return Optional.empty();
        }
        int maxAge = AwsJson.optionalInt(byAge, "MaxAgeInMinutes", INVALID).orElse(60);
        if (maxAge < 0 || maxAge > 10_080) {
            throw invalid("ResultReuseByAgeConfiguration.MaxAgeInMinutes must be between 0 and 10080");
        }
        return Optional.of(maxAge);
    }

    /** The result folder: the workgroup's when it enforces its configuration, else the request's, else the workgroup's. */
    private static String outputFolder(WorkGroupShape workGroup, JsonNode resultConfiguration) {
        WorkGroupConfiguration configuration = workGroup.configuration();
        String workGroupLocation = configuration.resultConfiguration() == null ? null
                : configuration.resultConfiguration().outputLocation();
        Optional<String> requested = AwsJson.optionalText(resultConfiguration, "OutputLocation", INVALID);
        String location = Boolean.TRUE.equals(configuration.enforceWorkGroupConfiguration()) && workGroupLocation != null
                ? workGroupLocation
                : requested.orElse(workGroupLocation);
        if (location == null) {
            throw invalid("No output location provided. An output location is required either through the Workgroup "
                    + "result configuration setting or as an API input.");
        }
        try {
            S3Location parsed = S3Location.parse(location);
            return "s3://" + parsed.bucket() + "/" + parsed.keyAsFolder();
        } catch (IllegalArgumentException e) {
            throw invalid("OutputLocation '" + location + "' is not a valid s3:// location");
        }
    }

    GetQueryExecutionResponse get(JsonNode request) {
        return new GetQueryExecutionResponse(shape(execution(request)));
    }

    BatchGetQueryExecutionResponse batchGet(JsonNode request) {
        List<String> ids = AwsJson.textList(request, "QueryExecutionIds", INVALID);
        if (ids.isEmpty() || ids.size() > 50) {
            throw invalid("QueryExecutionIds must hold 1 to 50 ids");
        }
        List<QueryExecutionShape> found = new ArrayList<>();
        List<UnprocessedQueryExecutionId> unprocessed = new ArrayList<>();
        for (String id : ids) {
            QueryExecution execution = executions.get(id);
            if (execution == null) {
                unprocessed.add(new UnprocessedQueryExecutionId(id, "INVALID_INPUT", "QueryExecution " + id + " was not found"));
            } else {
                found.add(shape(execution));
            }
        }
        return new BatchGetQueryExecutionResponse(found, unprocessed);
    }

    StopQueryExecutionResponse stop(JsonNode request) {
        engine.cancel(execution(request));
        return new StopQueryExecutionResponse();
    }

    ListQueryExecutionsResponse list(JsonNode request) {
        String workGroupName = AwsJson.optionalText(request, "WorkGroup", INVALID).orElse(WorkGroups.PRIMARY);
        workGroups.workGroup(workGroupName);
        int maxResults = AwsJson.optionalInt(request, "MaxResults", INVALID).orElse(50);
        if (maxResults < 0 || maxResults > 50) {
            throw invalid("MaxResults must be between 0 and 50");
        }
        long start = AwsJson.optionalText(request, "NextToken", INVALID)
                .map(t -> AthenaRequests.decodeToken(t, workGroupName)).orElse(0L);
        List<String> all = new ArrayList<>(executionsByWorkGroup.getOrDefault(workGroupName, new ConcurrentLinkedDeque<>()));
        int from = (int) Math.min(start, all.size());
        int to = Math.min(from + maxResults, all.size());
        return new ListQueryExecutionsResponse(all.subList(from, to),
                to < all.size() ? AthenaRequests.encodeToken(workGroupName, to) : null);
    }

    /** The execution the request's {@code QueryExecutionId} names. */
    QueryExecution execution(JsonNode request) {
        String id = AwsJson.requiredText(request, "QueryExecutionId", INVALID);
        QueryExecution execution = executions.get(id);
        if (execution == null) {
            throw invalid("QueryExecution " + id + " was not found");
        }
        return execution;
    }

    private static QueryExecutionShape shape(QueryExecution e) {
        QueryExecution.State state = e.state();
        Instant completed = e.completed();
        Instant started = e.started();
        Long total = completed == null ? null : Duration.between(e.submitted, completed).toMillis();
        Long queued = started == null ? null : Duration.between(e.submitted, started).toMillis();
        Statistics statistics = new Statistics(completed == null ? null : e.engineMillis(), e.dataScannedBytes(), total,
                queued, completed == null ? null : 0L, completed == null ? null : 0L,
                new ResultReuseInformation(e.reusedFrom() != null), e.dataManifestLocation());
        QueryExecution.AthenaErrorInfo error = e.error();
        Status status = new Status(state.name(), e.stateChangeReason(), e.submitted, completed,
                error == null ? null : new AthenaError(error.category(), error.type(), error.retryable(), error.message()));
        return new QueryExecutionShape(e.id, e.query, e.statementType,
                new ResultConfiguration(e.resultLocation(), null), null,
                new QueryExecutionContext(e.database, e.catalog), status, statistics, e.workGroup, WorkGroups.ENGINE_VERSION,
                e.executionParameters.isEmpty() ? null : e.executionParameters, null);
    }
}
