package io.athenalake.export;

import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The service on its own queues, bucket, schema and crawler, keeping the latest export per table. */
public class ReplaceLayoutProfile implements QuarkusTestProfile {

    static Scenario scenario() {
        return Scenario.named("replace");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = scenario().config();
        config.put("athena-lake.layout.mode", "replace");
        config.put("athena-lake.layout.retire-after", "PT5M");
        return config;
    }
}
