package io.athenalake.devstack;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's AWS CLI example, as a newcomer runs it: only the variables of {@code .devstack/endpoints.env}
 * ({@link DevStackMain#environment}), an empty home (no {@code ~/.aws}), the {@code aws} found on the PATH. The
 * CLI v1 reads the region only from {@code AWS_DEFAULT_REGION}, the SDKs and CLI v2 from {@code AWS_REGION}.
 */
class AwsCliExampleIT {

    @Test
    void theReadmesCliExampleStartsAQueryWithOnlyTheEndpointsFile() throws Exception {
        DevStackEndpoints stack = AwsClients.stack();
        Path home = Files.createTempDirectory("aws-cli-home");
        ProcessBuilder cli = new ProcessBuilder(List.of("sh", "-c",
                "set -a; . ./endpoints.env; set +a; aws athena start-query-execution --endpoint-url $DEVSTACK_AWS_ENDPOINT "
                        + "--query-string 'SELECT n_name FROM tpch.tiny.nation LIMIT 5'"))
                .directory(home.toFile()).redirectErrorStream(true);
        Files.writeString(home.resolve("endpoints.env"), DevStackMain.environment(stack));
        Map<String, String> env = cli.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("HOME", home.toString());

        Process process = cli.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("\"QueryExecutionId\"");
    }
}
