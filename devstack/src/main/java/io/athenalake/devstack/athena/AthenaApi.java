package io.athenalake.devstack.athena;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.devstack.athena.AthenaShapes.*;
import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.AwsJson;
import io.athenalake.devstack.aws.JsonApi;
import io.athenalake.devstack.s3.S3Location;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Pattern;

/**
 * Amazon Athena, emulated on Trino: {@code X-Amz-Target: AmazonAthena.<Operation>}.
 * Query history, workgroups and data catalogs live in memory for the life of the stack.
 */
public final class AthenaApi implements JsonApi, AutoCloseable {

    public static final String PRIMARY_WORKGROUP = "primary";
    private static final String INVALID = "InvalidRequestException";
    private static final Pattern WORKGROUP_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,128}");
    private static final Pattern CATALOG_NAME = Pattern.compile("[\\w@-]{1,256}");
    private static final long MINIMUM_CUTOFF_BYTES = 10_000_000L;
    private static final EngineVersion ENGINE_VERSION = new EngineVersion("AUTO", "Athena engine version 3");

    private final TrinoEngine engine;
    private final ResultFiles results;
    private final Map<String, QueryExecution> executions = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> executionsByWorkGroup = new ConcurrentHashMap<>();
    private final Map<String, String> executionByClientToken = new ConcurrentHashMap<>();
    private final Map<String, WorkGroupShape> workGroups = new ConcurrentHashMap<>();
    private final Map<String, DataCatalogShape> dataCatalogs = Collections.synchronizedMap(new LinkedHashMap<>());
    private final java.util.Set<String> builtInCatalogs;
    private final LambdaCatalogs lambdaCatalogs;

    /**
     * @param defaultOutputLocation the {@code primary} workgroup's result location
     * @param lambdaCatalogs        creates and drops the Trino catalogs behind CreateDataCatalog / DeleteDataCatalog
     * @param dataCatalogs          the Athena data catalogs the stack offers (name → catalog)
     */
    public AthenaApi(String trinoJdbcUrl, S3Client s3, String defaultOutputLocation, LambdaCatalogs lambdaCatalogs,
                     List<DataCatalogShape> dataCatalogs) {
        this.lambdaCatalogs = lambdaCatalogs;
        this.results = new ResultFiles(s3);
        this.engine = new TrinoEngine(trinoJdbcUrl, results, 8);
        workGroups.put(PRIMARY_WORKGROUP, new WorkGroupShape(PRIMARY_WORKGROUP, "ENABLED",
                new WorkGroupConfiguration(new ResultConfiguration(defaultOutputLocation, null), false, false, null, false,
                        ENGINE_VERSION), "The default workgroup", Instant.now()));
        dataCatalogs.forEach(catalog -> this.dataCatalogs.put(catalog.name(), catalog));
        this.builtInCatalogs = java.util.Set.copyOf(this.dataCatalogs.keySet());
    }

    /** A Glue-backed catalog, as Athena shows {@code AwsDataCatalog}. */
    public static DataCatalogShape glueCatalog(String name, String accountId) {
        return new DataCatalogShape(name, "The AWS Glue Data Catalog (devstack)", "GLUE", Map.of("catalog-id", accountId),
                null);
    }

    /** A federated catalog behind a connector Lambda. */
    public static DataCatalogShape lambdaCatalog(String name, String description, String functionArn) {
        return new DataCatalogShape(name, description, "LAMBDA", Map.of("function", functionArn), null);
    }

    /**
     * {@code POST /_devstack/athena/running-time} {@code {"QueryStringContains": "...", "Seconds": n}}: from now on a
     * query whose text contains the string stays RUNNING at least n seconds (0 to 14,400, Athena's longest DML
     * timeout; 0 forgets the string), as a query over a large table does in Athena. StopQueryExecution cancels it.
     */
    public Object runningTime(JsonNode request) {
        JsonNode marker = request.get("QueryStringContains");
        JsonNode seconds = request.get("Seconds");
        if (marker == null || !marker.isTextual() || marker.asText().isEmpty()) {
            throw new AwsException(INVALID, "QueryStringContains must be a non-empty string");
        }
        if (seconds == null || !seconds.canConvertToLong() || seconds.asLong() < 0 || seconds.asLong() > 14_400) {
            throw new AwsException(INVALID, "Seconds must be a whole number from 0 to 14400");
        }
        Map<String, java.time.Duration> inForce = engine.runFor(marker.asText(), java.time.Duration.ofSeconds(seconds.asLong()));
        var answer = AwsJson.MAPPER.createObjectNode();
        inForce.forEach((text, duration) -> answer.put(text, duration.toSeconds()));
        return AwsJson.MAPPER.createObjectNode().set("RunningTimes", answer);
    }

    @Override
    public String targetPrefix() {
        return "AmazonAthena";
    }

    @Override
    public Object handle(String operation, JsonNode request) {
        return switch (operation) {
            case "StartQueryExecution" -> startQueryExecution(request);
            case "GetQueryExecution" -> new GetQueryExecutionResponse(shape(execution(
                    AwsJson.requiredText(request, "QueryExecutionId", INVALID))));
            case "BatchGetQueryExecution" -> batchGetQueryExecution(request);
            case "GetQueryResults" -> getQueryResults(request);
            case "StopQueryExecution" -> stopQueryExecution(request);
            case "ListQueryExecutions" -> listQueryExecutions(request);
            case "GetWorkGroup" -> new GetWorkGroupResponse(workGroup(AwsJson.requiredText(request, "WorkGroup", INVALID)));
            case "CreateWorkGroup" -> createWorkGroup(request);
            case "ListWorkGroups" -> new ListWorkGroupsResponse(workGroups.values().stream()
                    .map(w -> new WorkGroupSummary(w.name(), w.state(), w.description(), w.creationTime(), ENGINE_VERSION))
                    .toList());
            case "GetDataCatalog" -> new GetDataCatalogResponse(dataCatalog(AwsJson.requiredText(request, "Name", INVALID)));
            case "CreateDataCatalog" -> createDataCatalog(request);
            case "DeleteDataCatalog" -> deleteDataCatalog(AwsJson.requiredText(request, "Name", INVALID));
            case "ListDataCatalogs" -> new ListDataCatalogsResponse(dataCatalogs.values().stream()
                    .map(c -> new DataCatalogSummary(c.name(), c.type(), null)).toList());
            default -> throw new AwsException("UnknownOperationException",
                    "The devstack's Athena does not implement " + operation);
        };
    }

    private StartQueryExecutionResponse startQueryExecution(JsonNode request) {
        String query = AwsJson.requiredText(request, "QueryString", INVALID);
        if (query.length() > 262_144) {
            throw invalid("QueryString is longer than 262144 characters");
        }
        String workGroupName = AwsJson.optionalText(request, "WorkGroup", INVALID).orElse(PRIMARY_WORKGROUP);
        WorkGroupShape workGroup = workGroup(workGroupName);
        JsonNode context = AwsJson.object(request, "QueryExecutionContext", INVALID);
        String catalog = AwsJson.optionalText(context, "Catalog", INVALID).orElse("AwsDataCatalog");
        String database = AwsJson.optionalText(context, "Database", INVALID).orElse(null);
        if (!CATALOG_NAME.matcher(catalog).matches()) {
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

    private BatchGetQueryExecutionResponse batchGetQueryExecution(JsonNode request) {
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

    private GetQueryResultsResponse getQueryResults(JsonNode request) {
        QueryExecution execution = execution(AwsJson.requiredText(request, "QueryExecutionId", INVALID));
        int maxResults = AwsJson.optionalInt(request, "MaxResults", INVALID).orElse(1000);
        if (maxResults < 1 || maxResults > 1000) {
            throw invalid("1 validation error detected: Value '" + maxResults
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000");
        }
        switch (execution.state()) {
            case SUCCEEDED -> {
            }
            case FAILED, CANCELLED -> throw invalid("Query did not succeed (" + execution.state() + "): "
                    + execution.stateChangeReason());
            default -> throw invalid("Query has not yet finished. Current state: " + execution.state());
        }
        long offset = AwsJson.optionalText(request, "NextToken", INVALID).map(t -> decodeToken(t, execution.id)).orElse(0L);
        ResultFiles.Page page = results.read(execution, offset, maxResults);
        List<Row> rows = page.rows().stream()
                .map(values -> new Row(values.stream().map(Datum::new).toList()))
                .toList();
        List<ColumnInfo> columns = execution.columns().stream()
                .map(c -> new ColumnInfo("hive", "", "", c.name(), c.name(), c.type(), c.precision(), c.scale(),
                        "UNKNOWN", c.caseSensitive()))
                .toList();
        String nextToken = page.hasMore() ? encodeToken(execution.id, page.nextOffset()) : null;
        Long updateCount = "DML".equals(execution.statementType) && !execution.hasHeaderRow() ? 0L : null;
        return new GetQueryResultsResponse(updateCount, new ResultSet(rows, new ResultSetMetadata(columns)), nextToken);
    }

    private StopQueryExecutionResponse stopQueryExecution(JsonNode request) {
        QueryExecution execution = execution(AwsJson.requiredText(request, "QueryExecutionId", INVALID));
        engine.cancel(execution);
        return new StopQueryExecutionResponse();
    }

    private ListQueryExecutionsResponse listQueryExecutions(JsonNode request) {
        String workGroupName = AwsJson.optionalText(request, "WorkGroup", INVALID).orElse(PRIMARY_WORKGROUP);
        workGroup(workGroupName);
        int maxResults = AwsJson.optionalInt(request, "MaxResults", INVALID).orElse(50);
        if (maxResults < 0 || maxResults > 50) {
            throw invalid("MaxResults must be between 0 and 50");
        }
        long start = AwsJson.optionalText(request, "NextToken", INVALID).map(t -> decodeToken(t, workGroupName)).orElse(0L);
        List<String> all = new ArrayList<>(executionsByWorkGroup.getOrDefault(workGroupName, new ConcurrentLinkedDeque<>()));
        int from = (int) Math.min(start, all.size());
        int to = Math.min(from + maxResults, all.size());
        return new ListQueryExecutionsResponse(all.subList(from, to),
                to < all.size() ? encodeToken(workGroupName, to) : null);
    }

    private CreateWorkGroupResponse createWorkGroup(JsonNode request) {
        String name = AwsJson.requiredText(request, "Name", INVALID);
        if (!WORKGROUP_NAME.matcher(name).matches()) {
            throw invalid("WorkGroup name '" + name + "' must match [a-zA-Z0-9._-]{1,128}");
        }
        JsonNode configuration = AwsJson.object(request, "Configuration", INVALID);
        JsonNode resultConfiguration = AwsJson.object(configuration, "ResultConfiguration", INVALID);
        Optional<String> outputLocation = AwsJson.optionalText(resultConfiguration, "OutputLocation", INVALID);
        outputLocation.ifPresent(location -> {
            try {
                S3Location.parse(location);
            } catch (IllegalArgumentException e) {
                throw invalid("OutputLocation '" + location + "' is not a valid s3:// location");
            }
        });
        Optional<Long> cutoff = AwsJson.optionalLong(configuration, "BytesScannedCutoffPerQuery", INVALID);
        if (cutoff.isPresent() && cutoff.get() < MINIMUM_CUTOFF_BYTES) {
            throw invalid("1 validation error detected: Value '" + cutoff.get()
                    + "' at 'configuration.bytesScannedCutoffPerQuery' failed to satisfy constraint: "
                    + "Member must have value greater than or equal to " + MINIMUM_CUTOFF_BYTES);
        }
        JsonNode encryption = AwsJson.object(resultConfiguration, "EncryptionConfiguration", INVALID);
        EncryptionConfiguration encryptionConfiguration = AwsJson.optionalText(encryption, "EncryptionOption", INVALID)
                .map(option -> new EncryptionConfiguration(option,
                        AwsJson.optionalText(encryption, "KmsKey", INVALID).orElse(null)))
                .orElse(null);
        WorkGroupShape workGroup = new WorkGroupShape(name, "ENABLED", new WorkGroupConfiguration(
                new ResultConfiguration(outputLocation.orElse(null), encryptionConfiguration),
                AwsJson.optionalBoolean(configuration, "EnforceWorkGroupConfiguration", INVALID).orElse(true),
                AwsJson.optionalBoolean(configuration, "PublishCloudWatchMetricsEnabled", INVALID).orElse(false),
                cutoff.orElse(null),
                AwsJson.optionalBoolean(configuration, "RequesterPaysEnabled", INVALID).orElse(false),
                ENGINE_VERSION),
                AwsJson.optionalText(request, "Description", INVALID).orElse(null), Instant.now());
        if (workGroups.putIfAbsent(name, workGroup) != null) {
            throw invalid("WorkGroup " + name + " is already created");
        }
        return new CreateWorkGroupResponse();
    }

    private WorkGroupShape workGroup(String name) {
        WorkGroupShape workGroup = workGroups.get(name);
        if (workGroup == null) {
            throw invalid("WorkGroup " + name + " is not found.");
        }
        return workGroup;
    }

    /** A LAMBDA catalog becomes a Trino catalog of the devstack's athena_lambda connector, which calls the function. */
    private CreateDataCatalogResponse createDataCatalog(JsonNode request) {
        String name = AwsJson.requiredText(request, "Name", INVALID);
        if (!CATALOG_NAME.matcher(name).matches() || name.length() > 127) {
            throw invalid("Catalog name '" + name + "' must be 1 to 127 characters of letters, digits, '_', '@' and '-'");
        }
        String type = AwsJson.requiredText(request, "Type", INVALID);
        if (!"LAMBDA".equals(type)) {
            throw invalid("The devstack creates LAMBDA data catalogs only, not " + type);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        AwsJson.object(request, "Parameters", INVALID).fields()
                .forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
        String description = AwsJson.optionalText(request, "Description", INVALID).orElse(null);
        DataCatalogShape catalog = new DataCatalogShape(name, description, type, Map.copyOf(parameters), "CREATE_COMPLETE");
        synchronized (dataCatalogs) {
            if (dataCatalogs.keySet().stream().anyMatch(existing -> existing.equalsIgnoreCase(name))) {
                throw invalid("DataCatalog " + name + " already exists");
            }
            lambdaCatalogs.create(name, parameters);
            dataCatalogs.put(name, catalog);
        }
        return new CreateDataCatalogResponse(catalog);
    }

    private DeleteDataCatalogResponse deleteDataCatalog(String name) {
        synchronized (dataCatalogs) {
            DataCatalogShape catalog = dataCatalog(name);
            if (builtInCatalogs.contains(catalog.name())) {
                throw invalid("DataCatalog " + name + " belongs to the devstack and cannot be deleted");
            }
            lambdaCatalogs.drop(catalog.name());
            dataCatalogs.remove(catalog.name());
            return new DeleteDataCatalogResponse(new DataCatalogShape(catalog.name(), catalog.description(), catalog.type(),
                    catalog.parameters(), "DELETE_COMPLETE"));
        }
    }

    private DataCatalogShape dataCatalog(String name) {
        DataCatalogShape catalog = dataCatalogs.get(name);
        if (catalog == null) {
            throw invalid("Catalog " + name + " was not found.");
        }
        return catalog;
    }

    private QueryExecution execution(String id) {
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
                new ResultReuseInformation(e.reusedFrom() != null));
        QueryExecution.AthenaErrorInfo error = e.error();
        Status status = new Status(state.name(), e.stateChangeReason(), e.submitted, completed,
                error == null ? null : new AthenaError(error.category(), error.type(), error.retryable(), error.message()));
        return new QueryExecutionShape(e.id, e.query, e.statementType,
                new ResultConfiguration(e.resultLocation(), null), null,
                new QueryExecutionContext(e.database, e.catalog), status, statistics, e.workGroup, ENGINE_VERSION,
                e.executionParameters.isEmpty() ? null : e.executionParameters, null);
    }

    private static String encodeToken(String scope, long position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1|" + scope + "|" + position).getBytes(StandardCharsets.UTF_8));
    }

    private static long decodeToken(String token, String expectedScope) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3 || !"v1".equals(parts[0]) || !expectedScope.equals(parts[1])) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(parts[2]);
        } catch (IllegalArgumentException e) {
            throw invalid("NextToken is not valid");
        }
    }

    private static AwsException invalid(String message) {
        return new AwsException(INVALID, message, 400, true, Map.of("AthenaErrorCode", "INVALID_INPUT"));
    }

    @Override
    public void close() {
        engine.close();
    }
}
