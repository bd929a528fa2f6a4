package io.athenalake.export;

import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The {@code snapshots} layout keeping one partition per table; the refused and malformed events of the bad-input test. */
public class SnapshotsLayoutProfile implements QuarkusTestProfile {

    static Scenario scenario() {
        return Scenario.snapshotsLayout("snapshots");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = scenario().config();
        config.put("athena-lake.layout.mode", "snapshots");
        config.put("athena-lake.layout.retention", "1");
        return config;
    }
}
