package io.athenalake.export;

import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The service on its own queues, bucket, schema and crawler, for exports that finish out of order or together. */
public class OutOfOrderProfile implements QuarkusTestProfile {

    static Scenario scenario() {
        return Scenario.named("order");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = scenario().config();
        config.put("athena-lake.layout.mode", "replace");
        return config;
    }
}
