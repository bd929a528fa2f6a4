package io.athenalake.devstack.athena;

import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** Test helpers over the lake: parquet files written through Athena, and events read from a queue. */
public final class Lake {

    private Lake() {
    }

    /** Writes the rows of {@code select} as parquet files under {@code location}, leaving no table behind. */
    public static void writeParquet(AthenaClient athena, String location, String select) {
        String table = "default.scratch_" + UUID.randomUUID().toString().replace("-", "");
        QueryExecution created = AthenaQueries.run(athena, "CREATE TABLE " + table
                + " WITH (format = 'PARQUET', external_location = '" + location + "') AS " + select);
        if (created.status().state() != QueryExecutionState.SUCCEEDED) {
            throw new AssertionError("writing parquet failed: " + created.status().stateChangeReason());
        }
        AthenaQueries.run(athena, "DROP TABLE " + table);
    }

    public static List<List<String>> rows(AthenaClient athena, String sql) {
        return AthenaQueries.succeededRows(athena, sql);
    }

    /** Receives and deletes the messages matching {@code wanted} until {@code count} have arrived; others stay. */
    public static List<String> receive(SqsClient sqs, String queueUrl, Predicate<String> wanted, int count, long timeoutMillis) {
        List<String> found = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (found.size() < count && System.currentTimeMillis() < deadline) {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(0)).messages()) {
                if (wanted.test(message.body()) && found.size() < count) {
                    found.add(message.body());
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
        }
        if (found.size() < count) {
            throw new AssertionError("only " + found.size() + " of " + count + " expected messages arrived on " + queueUrl
                    + ": " + found);
        }
        return found;
    }
}
