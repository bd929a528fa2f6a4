package io.athenalake.devstack.athena;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The Athena API's JSON shapes this emulation answers with (member names as in the API). */
final class AthenaShapes {

    private AthenaShapes() {
    }

    record StartQueryExecutionResponse(String queryExecutionId) {
    }

    record GetQueryExecutionResponse(QueryExecutionShape queryExecution) {
    }

    record BatchGetQueryExecutionResponse(List<QueryExecutionShape> queryExecutions,
                                          List<UnprocessedQueryExecutionId> unprocessedQueryExecutionIds) {
    }

    record UnprocessedQueryExecutionId(String queryExecutionId, String errorCode, String errorMessage) {
    }

    record ListQueryExecutionsResponse(List<String> queryExecutionIds, String nextToken) {
    }

    record QueryExecutionShape(String queryExecutionId, String query, String statementType,
                               ResultConfiguration resultConfiguration,
                               ResultReuseConfiguration resultReuseConfiguration,
                               QueryExecutionContext queryExecutionContext, Status status,
                               Statistics statistics, String workGroup, EngineVersion engineVersion,
                               List<String> executionParameters, String substatementType) {
    }

    record ResultConfiguration(String outputLocation, EncryptionConfiguration encryptionConfiguration) {
    }

    record EncryptionConfiguration(String encryptionOption, String kmsKey) {
    }

    record ResultReuseConfiguration(ResultReuseByAgeConfiguration resultReuseByAgeConfiguration) {
    }

    record ResultReuseByAgeConfiguration(Boolean enabled, Integer maxAgeInMinutes) {
    }

    record QueryExecutionContext(String database, String catalog) {
    }

    record Status(String state, String stateChangeReason, Instant submissionDateTime, Instant completionDateTime,
                  AthenaError athenaError) {
    }

    record AthenaError(Integer errorCategory, Integer errorType, Boolean retryable, String errorMessage) {
    }

    record Statistics(Long engineExecutionTimeInMillis, Long dataScannedInBytes, Long totalExecutionTimeInMillis,
                      Long queryQueueTimeInMillis, Long queryPlanningTimeInMillis, Long serviceProcessingTimeInMillis,
                      ResultReuseInformation resultReuseInformation, String dataManifestLocation) {
    }

    record ResultReuseInformation(Boolean reusedPreviousResult) {
    }

    record EngineVersion(String selectedEngineVersion, String effectiveEngineVersion) {
    }

    record GetQueryResultsResponse(Long updateCount, ResultSet resultSet, String nextToken) {
    }

    record ResultSet(List<Row> rows, ResultSetMetadata resultSetMetadata) {
    }

    record Row(List<Datum> data) {
    }

    record Datum(String varCharValue) {
    }

    record ResultSetMetadata(List<ColumnInfo> columnInfo) {
    }

    record ColumnInfo(String catalogName, String schemaName, String tableName, String name, String label,
                      String type, Integer precision, Integer scale, String nullable, Boolean caseSensitive) {
    }

    record StopQueryExecutionResponse() {
    }

    record WorkGroupShape(String name, String state, WorkGroupConfiguration configuration, String description,
                          Instant creationTime) {
    }

    record WorkGroupConfiguration(ResultConfiguration resultConfiguration, Boolean enforceWorkGroupConfiguration,
                                  Boolean publishCloudWatchMetricsEnabled, Long bytesScannedCutoffPerQuery,
                                  Boolean requesterPaysEnabled, EngineVersion engineVersion) {
    }

    record GetWorkGroupResponse(WorkGroupShape workGroup) {
    }

    record CreateWorkGroupResponse() {
    }

    record ListWorkGroupsResponse(List<WorkGroupSummary> workGroups) {
    }

    record WorkGroupSummary(String name, String state, String description, Instant creationTime,
                            EngineVersion engineVersion) {
    }

    record DataCatalogShape(String name, String description, String type, Map<String, String> parameters,
                            String status) {
    }

    record GetDataCatalogResponse(DataCatalogShape dataCatalog) {
    }

    record CreateDataCatalogResponse(DataCatalogShape dataCatalog) {
    }

    record DeleteDataCatalogResponse(DataCatalogShape dataCatalog) {
    }

    record ListDataCatalogsResponse(List<DataCatalogSummary> dataCatalogsSummary) {
    }

    record DataCatalogSummary(String catalogName, String type, String status) {
    }
}
