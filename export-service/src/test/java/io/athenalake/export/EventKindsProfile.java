package io.athenalake.export;

import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The service on its own queues, bucket, schema and crawler, for every kind of RDS event it acts on. */
public class EventKindsProfile implements QuarkusTestProfile {

    static Scenario scenario() {
        return Scenario.named("kinds");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = scenario().config();
        config.put("athena-lake.layout.mode", "replace");
        return config;
    }
}
