package io.athenalake.export;

import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Snapshots of app-db only (cluster snapshots are refused), for the retry, failure and bad-input tests; the
 * rds-events queue dead-letters after 3 receives, fewer than the retries the tests cause.
 */
public class RetriesProfile implements QuarkusTestProfile {

    static Scenario scenario() {
        return Scenario.named("retries", 3);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = scenario().config();
        config.put("athena-lake.sources", "app-d*");
        return config;
    }
}
