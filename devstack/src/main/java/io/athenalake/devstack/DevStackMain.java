package io.athenalake.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The devstack launcher.
 *
 * <ul>
 *   <li>{@code run} (default) — the local run: starts the stack in the foreground, prints how to
 *       reach it, and stops every child process on Ctrl-C.</li>
 *   <li>{@code serve --state-file F --owner-pid P --work-dir W} — the build's shared stack: writes
 *       its endpoints to {@code F} and stops when process {@code P} (the Maven build) ends.</li>
 * </ul>
 */
public final class DevStackMain {

    private DevStackMain() {
    }

    public static void main(String[] args) throws Exception {
        quietLibraries();
        Map<String, String> options = options(args);
        String mode = args.length > 0 && !args[0].startsWith("--") ? args[0] : "run";
        switch (mode) {
            case "run" -> run(Path.of(options.getOrDefault("--work-dir", ".devstack")).toAbsolutePath());
            case "serve" -> serve(Path.of(required(options, "--state-file")), Long.parseLong(required(options, "--owner-pid")),
                    Path.of(required(options, "--work-dir")));
            default -> {
                System.err.println("usage: DevStackMain [run [--work-dir DIR] | serve --state-file F --owner-pid P --work-dir DIR]");
                System.exit(2);
            }
        }
    }

    private static void run(Path workDir) throws InterruptedException, IOException {
        System.out.println("Starting the athena-lake devstack (first start unpacks Trino, ~1 minute)...");
        Stack stack = Stack.start(workDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the devstack...");
            stack.close();
            stopped.countDown();
        }, "devstack-shutdown"));
        DevStackEndpoints endpoints = stack.endpoints();
        Path envFile = workDir.resolve("endpoints.env");
        Files.writeString(envFile, environment(endpoints));
        System.out.println(banner(endpoints, stack, envFile));
        stopped.await();
    }

    private static void serve(Path stateFile, long ownerPid, Path workDir) throws IOException, InterruptedException {
        ProcessHandle owner = ProcessHandle.of(ownerPid).orElse(null);
        if (owner == null || !owner.isAlive()) {
            System.err.println("owner process " + ownerPid + " is not running; not starting");
            System.exit(1);
        }
        Stack stack = Stack.start(workDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            try {
                Files.deleteIfExists(stateFile);
            } catch (IOException ignored) {
                // a stale state file is detected by the next build (dead pid)
            }
            stopped.countDown();
        }, "devstack-shutdown"));
        Path partial = stateFile.resolveSibling(stateFile.getFileName() + ".partial");
        DevStack.JSON.writeValue(partial.toFile(), new DevStack.State(ownerPid, stack.endpoints()));
        Files.move(partial, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("devstack serving for process " + ownerPid + ": " + stack.startTimes());
        owner.onExit().join();
        System.out.println("owner " + ownerPid + " exited; stopping");
        System.exit(0);
    }

    /** The endpoints as environment variables (the local run writes them to {@code endpoints.env}). */
    public static String environment(DevStackEndpoints e) {
        return String.join("\n",
                "AWS_REGION=" + e.region(),
                // the AWS CLI v1 reads only AWS_DEFAULT_REGION ("You must specify a region" otherwise); SDKs and CLI v2 both
                "AWS_DEFAULT_REGION=" + e.region(),
                "AWS_ACCESS_KEY_ID=" + e.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY=" + e.secretAccessKey(),
                "DEVSTACK_AWS_ENDPOINT=" + e.awsEndpoint(),
                "DEVSTACK_S3_ENDPOINT=" + e.s3Endpoint(),
                "DEVSTACK_SQS_ENDPOINT=" + e.sqsEndpoint(),
                "DEVSTACK_TRINO_JDBC_URL=" + e.trinoJdbcUrl(),
                "DEVSTACK_POSTGRES_JDBC_URL=" + e.postgresJdbcUrl(),
                "DEVSTACK_POSTGRES_USER=" + e.postgresUser(),
                "DEVSTACK_POSTGRES_PASSWORD=" + e.postgresPassword(),
                "") ;
    }

    private static String banner(DevStackEndpoints e, Stack stack, Path envFile) {
        StringBuilder out = new StringBuilder();
        out.append("\n== athena-lake devstack is up (").append(stack.startTimes().get("total").toMillis() / 1000.0)
                .append(" s) ==\n");
        out.append("  Athena, Glue, RDS, Secrets Manager, STS  ").append(e.awsEndpoint()).append('\n');
        out.append("  S3 (path-style)                ").append(e.s3Endpoint())
                .append("   buckets: ").append(e.resultsBucket()).append(", ").append(e.lakeBucket()).append('\n');
        out.append("  SQS                            ").append(e.sqsEndpoint()).append('\n');
        e.queueUrls().forEach((name, url) -> out.append("      ").append(String.format("%-20s", name)).append(url).append('\n'));
        out.append("  PostgreSQL (the RDS database)  ").append(e.postgresJdbcUrl())
                .append("  user ").append(e.postgresUser()).append(" / ").append(e.postgresPassword()).append('\n');
        out.append("  Trino (Athena's engine)        ").append(e.trinoJdbcUrl()).append('\n');
        out.append("  Credentials                    ").append(e.accessKeyId()).append(" / ").append(e.secretAccessKey())
                .append(", region ").append(e.region()).append('\n');
        out.append("\nThe same as environment variables: ").append(envFile).append('\n');
        out.append("Try it with the AWS CLI:\n");
        out.append("  export AWS_ACCESS_KEY_ID=").append(e.accessKeyId()).append(" AWS_SECRET_ACCESS_KEY=")
                .append(e.secretAccessKey()).append(" AWS_REGION=").append(e.region()).append(" AWS_DEFAULT_REGION=")
                .append(e.region()).append('\n');
        out.append("  aws athena start-query-execution --endpoint-url ").append(e.awsEndpoint())
                .append(" --query-string 'SELECT n_name FROM tpch.tiny.nation LIMIT 5'\n");
        out.append("  aws athena get-query-results --endpoint-url ").append(e.awsEndpoint())
                .append(" --query-execution-id <id>\n");
        out.append("Make RDS take an automated snapshot (RDS-EVENT-0091 arrives on rds-events):\n");
        out.append("  curl -X POST ").append(e.awsEndpoint()).append("/_devstack/rds/automated-snapshot -d '{\"DBInstanceIdentifier\":\"app-db\"}'\n");
        out.append("\nPress Ctrl-C to stop everything.\n");
        return out.toString();
    }

    private static void quietLibraries() {
        for (String noisy : new String[] {"org.elasticmq", "org.apache.pekko", "io.zonky", "software.amazon.awssdk"}) {
            Logger.getLogger(noisy).setLevel(Level.WARNING);
        }
    }

    /** {@code --name value} pairs of a command line (the local launcher reads its options the same way). */
    public static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing option " + name);
        }
        return value;
    }
}
