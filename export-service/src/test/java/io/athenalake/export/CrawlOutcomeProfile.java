package io.athenalake.export;

import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The service on its own queues, checking waiting crawls every two seconds. */
public class CrawlOutcomeProfile implements QuarkusTestProfile {

    static Scenario scenario() {
        return Scenario.named("crawl");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = scenario().config();
        config.put("athena-lake.crawl-poll-interval", "PT2S");
        return config;
    }
}
