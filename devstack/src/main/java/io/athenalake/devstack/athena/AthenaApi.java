package io.athenalake.devstack.athena;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.devstack.athena.AthenaShapes.DataCatalogShape;
import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.AwsJson;
import io.athenalake.devstack.aws.JsonApi;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Amazon Athena, emulated on Trino: {@code X-Amz-Target: AmazonAthena.<Operation>}, by concern: the life of queries
 * ({@link QueryExecutions}), their results ({@link QueryResults}), {@link WorkGroups} and {@link DataCatalogs}.
 * Query history, workgroups and data catalogs live in memory for the life of the stack.
 */
public final class AthenaApi implements JsonApi, AutoCloseable {

    private final TrinoEngine engine;
    private final QueryExecutions executions;
    private final QueryResults results;
    private final WorkGroups workGroups;
    private final DataCatalogs dataCatalogs;

    /**
     * @param defaultOutputLocation the {@code primary} workgroup's result location
     * @param lambdaCatalogs        creates and drops the Trino catalogs behind CreateDataCatalog / DeleteDataCatalog
     * @param dataCatalogs          the Athena data catalogs the stack offers ({@link DataCatalogs#glueCatalog},
     *                              {@link DataCatalogs#lambdaCatalog})
     */
    public AthenaApi(String trinoJdbcUrl, S3Client s3, String defaultOutputLocation, LambdaCatalogs lambdaCatalogs,
                     List<DataCatalogShape> dataCatalogs) {
        ResultFiles resultFiles = new ResultFiles(s3);
        this.engine = new TrinoEngine(trinoJdbcUrl, resultFiles, new Unloader(s3), 8);
        this.workGroups = new WorkGroups(defaultOutputLocation);
        this.executions = new QueryExecutions(engine, workGroups);
        this.results = new QueryResults(executions, resultFiles);
        this.dataCatalogs = new DataCatalogs(dataCatalogs, lambdaCatalogs);
    }

    @Override
    public String targetPrefix() {
        return "AmazonAthena";
    }

    @Override
    public Object handle(String operation, JsonNode request) {
        return switch (operation) {
            case "StartQueryExecution" -> executions.start(request);
            case "GetQueryExecution" -> executions.get(request);
            case "BatchGetQueryExecution" -> executions.batchGet(request);
            case "StopQueryExecution" -> executions.stop(request);
            case "ListQueryExecutions" -> executions.list(request);
            case "GetQueryResults" -> results.get(request);
            case "GetWorkGroup" -> workGroups.get(request);
            case "CreateWorkGroup" -> workGroups.create(request);
            case "ListWorkGroups" -> workGroups.list();
            case "GetDataCatalog" -> dataCatalogs.get(request);
            case "CreateDataCatalog" -> dataCatalogs.create(request);
            case "DeleteDataCatalog" -> dataCatalogs.delete(request);
            case "ListDataCatalogs" -> dataCatalogs.list();
            default -> throw AwsException.unknownOperation("Athena", operation);
        };
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
            throw new AwsException(AthenaRequests.INVALID, "QueryStringContains must be a non-empty string");
        }
        if (seconds == null || !seconds.canConvertToLong() || seconds.asLong() < 0 || seconds.asLong() > 14_400) {
            throw new AwsException(AthenaRequests.INVALID, "Seconds must be a whole number from 0 to 14400");
        }
        Map<String, Duration> inForce = engine.runFor(marker.asText(), Duration.ofSeconds(seconds.asLong()));
        var answer = AwsJson.MAPPER.createObjectNode();
        inForce.forEach((text, duration) -> answer.put(text, duration.toSeconds()));
        return AwsJson.MAPPER.createObjectNode().set("RunningTimes", answer);
    }

    @Override
    public void close() {
        engine.close();
    }
}
