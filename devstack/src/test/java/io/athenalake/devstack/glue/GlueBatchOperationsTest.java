package io.athenalake.devstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.AwsJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Glue's batch calls answer each entry's failure in {@code Errors}, as the SDK reads them, and an operation the devstack
 * does not implement is an error naming it — through {@link GlueApi} on an in-memory catalog, no stack.
 */
class GlueBatchOperationsTest {

    private final GlueCatalog catalog = new GlueCatalog("000000000000");
    private final GlueApi glue = new GlueApi(catalog, new CrawlerOperations(catalog, null, null));

    GlueBatchOperationsTest() {
        call("CreateDatabase", "{\"DatabaseInput\":{\"Name\":\"db\"}}");
        call("CreateTable", "{\"DatabaseName\":\"db\",\"TableInput\":{\"Name\":\"t\",\"PartitionKeys\":[{\"Name\":\"day\","
                + "\"Type\":\"string\"}],\"StorageDescriptor\":{\"Location\":\"s3://lake/t/\",\"Columns\":[]}}}");
    }

    @Test
    void batchCallsAnswerEachFailedEntryWithItsKeyAndError() {
        assertThat(call("BatchCreatePartition", "{\"DatabaseName\":\"db\",\"TableName\":\"t\",\"PartitionInputList\":["
                + "{\"Values\":[\"1\"]},{\"Values\":[\"1\"]},{\"Values\":[\"2\",\"x\"]}]}").toString())
                .isEqualTo("{\"Errors\":[{\"PartitionValues\":[\"1\"],\"ErrorDetail\":{\"ErrorCode\":\"AlreadyExistsException\","
                        + "\"ErrorMessage\":\"Partition already exists.\"}},{\"PartitionValues\":[\"2\",\"x\"],\"ErrorDetail\":"
                        + "{\"ErrorCode\":\"InvalidInputException\",\"ErrorMessage\":\"The number of partition values (2) does"
                        + " not match the number of partition keys (1).\"}}]}");
        assertThat(call("BatchUpdatePartition", "{\"DatabaseName\":\"db\",\"TableName\":\"t\",\"Entries\":["
                + "{\"PartitionValueList\":[\"1\"],\"PartitionInput\":{\"Values\":[\"1\"]}},"
                + "{\"PartitionValueList\":[\"9\"],\"PartitionInput\":{\"Values\":[\"9\"]}}]}").toString())
                .startsWith("{\"Errors\":[{\"PartitionValueList\":[\"9\"],\"ErrorDetail\":{\"ErrorCode\":\"EntityNotFoundException\"");
        assertThat(call("BatchGetPartition", "{\"DatabaseName\":\"db\",\"TableName\":\"t\",\"PartitionsToGet\":["
                + "{\"Values\":[\"1\"]},{\"Values\":[\"9\"]}]}").get("Partitions")).hasSize(1);
        assertThat(call("BatchDeletePartition", "{\"DatabaseName\":\"db\",\"TableName\":\"t\",\"PartitionsToDelete\":["
                + "{\"Values\":[\"1\"]},{\"Values\":[\"1\"]}]}").get("Errors").toString())
                .startsWith("[{\"PartitionValues\":[\"1\"],\"ErrorDetail\":{\"ErrorCode\":\"EntityNotFoundException\"");
        assertThat(call("BatchDeleteTable", "{\"DatabaseName\":\"db\",\"TablesToDelete\":[\"t\",\"t\"]}").get("Errors").toString())
                .startsWith("[{\"TableName\":\"t\",\"ErrorDetail\":{\"ErrorCode\":\"EntityNotFoundException\"");
    }

    @Test
    void anOperationTheDevstackDoesNotImplementIsAnErrorNamingIt() {
        for (String operation : new String[]{"GetCrawlerMetrics", "SearchTables"}) {
            assertThatThrownBy(() -> call(operation, "{}")).isInstanceOfSatisfying(AwsException.class, e -> {
                assertThat(e.code()).isEqualTo("UnknownOperationException");
                assertThat(e.getMessage()).isEqualTo("The devstack's Glue does not implement " + operation);
            });
        }
    }

    private JsonNode call(String operation, String request) {
        try {
            return AwsJson.MAPPER.valueToTree(glue.handle(operation, AwsJson.MAPPER.readTree(request)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
