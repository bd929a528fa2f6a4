package io.athenalake.devstack;

import io.athenalake.devstack.bench.BenchReport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The devstack's own costs: cold start (whole stack and each component), resident memory, and
 * the Athena emulation's round trip against Trino directly. Run by {@code mvn -Pbench verify}.
 */
class DevStackBenchmark {

    private static final int ROUND_TRIPS = 40;

    @Test
    void coldStartMemoryAndRoundTrip() throws Exception {
        BenchReport report = new BenchReport("devstack");
        Path workDir = Files.createTempDirectory("devstack-bench");
        try (Stack stack = Stack.start(workDir)) {
            Map<String, Duration> starts = stack.startTimes();
            double total = starts.get("total").toMillis() / 1000.0;
            double sequential = starts.entrySet().stream().filter(e -> !e.getKey().equals("total"))
                    .mapToLong(e -> e.getValue().toMillis()).sum() / 1000.0;
            report.figure("cold start, whole stack (components started in parallel) vs the components one after another",
                    total, "s", sequential, "s", "lower");
            starts.forEach((component, time) -> {
                if (!component.equals("total") && time.toMillis() >= 100) { // a cached Trino unpack takes ~0 s
                    report.figure("cold start, " + component + " (share of the whole stack's start)",
                            time.toMillis() / 1000.0, "s", total, "s", "lower");
                }
            });

            long machineKb = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getTotalMemorySize() / 1024;
            long totalRss = 0;
            for (var process : stack.processes().entrySet()) {
                long rss = residentKb(process.getValue());
                totalRss += rss;
                report.figure("resident memory, " + process.getKey() + " (vs the machine's memory)",
                        rss / 1024.0, "MB", machineKb / 1024.0, "MB", "lower");
            }
            report.figure("resident memory, whole stack (vs the machine's memory)", totalRss / 1024.0, "MB",
                    machineKb / 1024.0, "MB", "lower");

            DevStackEndpoints endpoints = stack.endpoints();
            double athena;
            try (AthenaClient client = AthenaClient.builder()
                    .endpointOverride(java.net.URI.create(endpoints.awsEndpoint()))
                    .region(software.amazon.awssdk.regions.Region.of(endpoints.region()))
                    .credentialsProvider(Stack.credentials())
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                    .build()) {
                athena = medianMillis(() -> athenaSelectOne(client));
            }
            double jdbc = medianMillis(() -> jdbcSelectOne(endpoints));
            report.figure("SELECT 1 round trip through the Athena emulation (start, poll, fetch) vs trino-jdbc directly, median of "
                    + ROUND_TRIPS, athena, "ms", jdbc, "ms", "lower");
        }
        System.out.println("wrote " + report.write());
    }

    private static long residentKb(long pid) throws IOException {
        long kb = 0;
        List<Long> pids = new ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        for (long p : pids) {
            Path status = Path.of("/proc", Long.toString(p), "status");
            if (Files.isReadable(status)) {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            }
        }
        return kb;
    }

    private interface Trip {
        void run() throws Exception;
    }

    private static double medianMillis(Trip trip) throws Exception {
        for (int i = 0; i < 5; i++) {
            trip.run();
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < ROUND_TRIPS; i++) {
            long start = System.nanoTime();
            trip.run();
            times.add((System.nanoTime() - start) / 1_000_000.0);
        }
        times.sort(Double::compare);
        return times.get(times.size() / 2);
    }

    private static void athenaSelectOne(AthenaClient athena) throws InterruptedException {
        String id = athena.startQueryExecution(b -> b.queryString("SELECT 1")).queryExecutionId();
        while (true) {
            QueryExecutionState state = athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution().status().state();
            if (state == QueryExecutionState.SUCCEEDED) {
                break;
            }
            if (state != QueryExecutionState.QUEUED && state != QueryExecutionState.RUNNING) {
                throw new IllegalStateException("SELECT 1 ended " + state);
            }
            Thread.sleep(5);
        }
        if (athena.getQueryResults(b -> b.queryExecutionId(id)).resultSet().rows().size() != 2) {
            throw new IllegalStateException("SELECT 1 returned an unexpected result");
        }
    }

    private static void jdbcSelectOne(DevStackEndpoints endpoints) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "bench");
        try (Connection connection = DriverManager.getConnection(endpoints.trinoJdbcUrl(), properties);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            if (!rows.next()) {
                throw new IllegalStateException("SELECT 1 returned no row");
            }
        }
    }
}
