package io.athenalake.export;

import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The service configured with an export role RDS cannot assume: a role of another account. */
public class RefusedExportProfile implements QuarkusTestProfile {

    static final String FOREIGN_ROLE = "arn:aws:iam::123456789012:role/rds-export";

    static Scenario scenario() {
        return Scenario.named("refused");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = scenario().config();
        config.put("athena-lake.export-role-arn", FOREIGN_ROLE);
        return config;
    }
}
