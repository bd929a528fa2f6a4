package io.athenalake.export;

import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The service on its own queues, bucket, schema and crawler, for a source table whose schema changes between snapshots. */
public class SchemaChangeProfile implements QuarkusTestProfile {

    static Scenario scenario() {
        return Scenario.named("schema");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = scenario().config();
        config.put("athena-lake.layout.mode", "replace");
        config.put("athena-lake.layout.retire-after", "PT3S");
        config.put("athena-lake.crawl-poll-interval", "PT2S");
        return config;
    }
}
