package io.athenalake.connector.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.util.List;
import java.util.Map;

/** Starts (or joins) the devstack, writes a small lake, and configures the Quarkus function to read it. */
public class ContractLake implements QuarkusTestResourceLifecycleManager {

    public static Lake lake;
    public static String database;

    @Override
    public Map<String, String> start() {
        lake = new Lake();
        database = lake.database("contract");
        MessageType schema = MessageTypeParser.parseMessageType(
                "message cities { required int32 id; optional binary name (STRING); }");
        SimpleGroupFactory rows = new SimpleGroupFactory(schema);
        lake.parquet(database, "tables/Cities/part-0.parquet", schema,
                List.of(rows.newGroup().append("id", 1).append("name", "Lisbon"), rows.newGroup().append("id", 2).append("name", "Oslo")));
        return Map.ofEntries(
                Map.entry("connector.secret-name", lake.secretName),
                Map.entry("connector.spill-bucket", lake.spillBucket),
                Map.entry("connector.bucket-prefix", lake.prefix),
                Map.entry("connector.tables-path", "tables"),
                Map.entry("connector.scheme", "http"),
                Map.entry("connector.region", lake.stack.region()),
                Map.entry("connector.secrets-manager-endpoint", lake.stack.awsEndpoint()),
                Map.entry("connector.athena-endpoint", lake.stack.awsEndpoint()),
                Map.entry("connector.spill-s3-endpoint", lake.stack.s3Endpoint()));
    }

    @Override
    public void stop() {
        // the devstack outlives the test; its buckets carry this run's unique prefix
    }
}
