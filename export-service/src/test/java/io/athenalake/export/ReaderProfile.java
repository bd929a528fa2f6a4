package io.athenalake.export;

import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The replace layout with a short grace period, for the reader that counts through Athena during exports. */
public class ReaderProfile implements QuarkusTestProfile {

    static Scenario scenario() {
        return Scenario.named("reader");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = scenario().config();
        config.put("athena-lake.layout.mode", "replace");
        config.put("athena-lake.layout.retire-after", "PT20S");
        config.put("athena-lake.crawl-poll-interval", "PT2S");
        return config;
    }
}
