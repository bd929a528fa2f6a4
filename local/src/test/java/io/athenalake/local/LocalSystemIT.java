package io.athenalake.local;

import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.athenalake.devstack.DevStack;
import io.athenalake.devstack.DevStackAdmin;
import io.athenalake.devstack.DevStackEndpoints;
import io.athenalake.events.QueryRequest;
import io.athenalake.local.cli.AthenaLakeCli;
import io.athenalake.local.cli.QueryServiceClient;
import io.athenalake.local.launcher.LocalAws;
import io.athenalake.local.launcher.LocalSystem;
import io.athenalake.local.launcher.ServiceProcess;
import io.athenalake.local.sample.SampleData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system as {@code ./run-local.sh} starts it ({@link LocalSystem}: export-service and query-service
 * as packaged processes in their normal profile, JWT-protected REST, the lake-events fan-out), on the build's
 * shared devstack: an RDS snapshot flows through export → move → crawl → {@code CatalogRefreshed} → the
 * refresh query {@value LocalSystem#REFRESH_QUERY} → {@code QueryCompleted} on query-results, and the rows
 * query-service returns over REST are exactly PostgreSQL's. Then the same with export-service killed with
 * SIGKILL in the middle of the pipeline and started again. The "MinIO" sample bucket answers through the
 * connector-service Lambda behind Athena's {@code minio} catalog.
 */
class LocalSystemIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PIPELINE = Duration.ofMinutes(10);

    private static DevStackEndpoints stack;
    private static LocalAws aws;
    private static LocalSystem system;
    private static QueryServiceClient rest;

    @BeforeAll
    static void startTheSystem() {
        stack = DevStack.shared();
        aws = LocalAws.on(stack);
        // The build's devstack served earlier modules' tests: whatever they left on the shared queues (snapshot
        // events of app-db among them) must not reach this system.
        for (String queue : List.of("rds-events", "lake-events", "query-requests", "query-results", "schedule-firings")) {
            aws.sqs.purgeQueue(b -> b.queueUrl(stack.queueUrls().get(queue)));
        }
        Path root = Path.of(System.getProperty("athena-lake.root", "..")).toAbsolutePath();
        system = LocalSystem.start(stack, root, Path.of("target/local-e2e"), 0);
        rest = new QueryServiceClient(system.queryService().url(), () -> system.keys().token("e2e", Duration.ofMinutes(10)));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void aSnapshotEndsAsARefreshQueryWhoseRowsArePostgresRows() throws Exception {
        String snapshotArn = snapshotWithTheCommandLine();
        String exportId = exportStartedFor(snapshotArn);

        JsonNode completed = refreshQueryCompleted(exportId);

        assertThat(rowsOverRest(completed)).isEqualTo(postgresOrderLines());
        List<String> announced = lakeEvents(exportId, 2);
        assertThat(announced).as("on the command line's lake-events subscription")
                .anyMatch(b -> b.contains("\"ExportCompleted\"")).anyMatch(b -> b.contains("\"CatalogRefreshed\""));
    }

    @Test
    void exportServiceKilledMidPipelineAndRestartedLeavesEveryRowOnce() throws Exception {
        try (Connection postgres = postgres(); Statement statement = postgres.createStatement()) {
            statement.execute("DELETE FROM shop.order_items WHERE order_id > 1000");
            statement.execute("DELETE FROM shop.orders WHERE order_id > 1000");
            statement.execute("INSERT INTO shop.orders " + SampleData.orders(1001, 1200));
            statement.execute("INSERT INTO shop.order_items " + SampleData.orderItems(1001, 1200));
        }
        Set<String> lakeBefore = lakeKeys();
        String snapshotArn = snapshot();
        String exportId = exportStartedFor(snapshotArn);

        // kill -9 as soon as the move has begun: the plan recorded (MOVING) or new objects in the lake
        AtomicReference<String> stageAtKill = new AtomicReference<>();
        await().atMost(PIPELINE).pollInterval(Duration.ofMillis(20)).until(() -> {
            String stage = stage(exportId);
            boolean moving = !stage.isEmpty() && !stage.equals("STARTED");
            if (moving || !difference(lakeKeys(), lakeBefore).isEmpty()) {
                system.exportService().kill();
                stageAtKill.set(stage(exportId));
                return true;
            }
            return false;
        });
        assertThat(system.exportService().isAlive()).isFalse();
        System.out.println("export-service killed (SIGKILL) with export " + exportId + " at stage " + stageAtKill.get()
                + ", " + difference(lakeKeys(), lakeBefore).size() + " of its objects in the lake");
        assertThat(stageAtKill.get()).as("killed in the middle of the pipeline, before the catalog refreshed")
                .isIn("MOVING", "VERIFIED", "MOVED", "CRAWLING");

        system.exportService().restart();
        JsonNode completed = refreshQueryCompleted(exportId);

        assertThat(rowsOverRest(completed)).as("every row exactly once").isEqualTo(postgresOrderLines());
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(stage(exportId)).isEqualTo("DONE"));
        Map<String, List<String>> byTable = lakeKeys().stream()
                .collect(Collectors.groupingBy(k -> k.substring(0, k.indexOf('/', LocalSystem.LAKE_PREFIX.length()))));
        // replace layout: each table's export folder holds its one object, copied once; the table's earlier
        // exports stay (retired) until the grace period has passed, and nothing else was added
        assertThat(byTable).containsOnlyKeys(SampleData.TABLES.stream().map(t -> LocalSystem.LAKE_PREFIX + "app.shop." + t).toList())
                .allSatisfy((table, keys) -> {
                    assertThat(keys).filteredOn(k -> k.startsWith(table + "/" + exportId + "/")).hasSize(1);
                    assertThat(keys).filteredOn(k -> !k.startsWith(table + "/" + exportId + "/")).allMatch(lakeBefore::contains);
                });
        assertThat(exportFolder(exportId)).as("the daily export folder").isEmpty();
    }

    @Test
    void theScheduledQueryArrivesOnQueryResultsWithPostgresRows() throws Exception {
        Instant testStarted = Instant.now();
        String body = take(stack.queueUrls().get("query-results"), b -> b.contains("\"source\":\"schedule:" + LocalSystem.SCHEDULE + "\"")
                && !firing(b).isBefore(testStarted), 1).get(0);
        JsonNode completed = JSON.readTree(body);
        assertThat(completed.path("type").asText()).as(body).isEqualTo("QueryCompleted");

        QueryServiceClient.Rows rows = rest.rows(completed.path("queryExecutionId").asText());
        assertThat(rows.columns()).containsExactly("status", "orders");
        assertThat(rows.rows().stream().map(r -> r.get(0).asText() + "=" + r.get(1).asLong()).toList())
                .isEqualTo(postgres("SELECT status || '=' || count(*) FROM shop.orders GROUP BY status ORDER BY status"));
    }

    /**
     * Two query-service processes, as two ECS tasks: both fire every firing of the schedule (their logs say so),
     * and each firing is run and announced once (with one announcement per replica, as before the
     * schedule-firings queue, this finds two of each).
     */
    @Test
    void twoQueryServiceReplicasRunAndAnnounceEachFiringOfTheScheduleOnce() throws Exception {
        String results = stack.queueUrls().get("query-results");
        Predicate<String> scheduled = b -> b.contains("\"source\":\"schedule:" + LocalSystem.SCHEDULE + "\"");
        try (ServiceProcess replica = system.startQueryServiceReplica()) {
            Instant bothUp = Instant.now();
            Set<Instant> firings = take(results, b -> scheduled.test(b) && firing(b).isAfter(bothUp), 2).stream()
                    .map(LocalSystemIT::firing).collect(Collectors.toCollection(TreeSet::new));
            assertThat(firings).as("two firings, each announced once so far").hasSize(2);
            // the other replica's run of the same firing would have been announced by now
            Thread.sleep(Duration.ofSeconds(20).toMillis());
            assertThat(drain(results, b -> scheduled.test(b) && firings.contains(firing(b)))).as("announced again").isEmpty();
            for (Instant firing : firings) {
                String fired = "Schedule " + LocalSystem.SCHEDULE + " fired for " + firing;
                assertThat(Files.readString(system.queryService().log())).as("the first replica fired " + firing).contains(fired);
                assertThat(Files.readString(replica.log())).as("the second replica fired " + firing).contains(fired);
            }
        }
    }

    @Test
    void queryServiceKilledWhileAQueuedQueryRunsAnnouncesThatQueryOnceAfterRestart() throws Exception {
        String marker = "killed-" + UUID.randomUUID();
        String sql = "SELECT count(*) AS customers FROM customers /* " + marker + " */";
        DevStackAdmin.on(stack).athenaRunningTime(marker, Duration.ofSeconds(25));
        try {
            String request = new ObjectMapper().registerModule(new JavaTimeModule()).writeValueAsString(QueryRequest.of("req-" + marker, marker, sql, "postgresql",
                    SampleData.SCHEMA, null, null, null, null, Instant.now()));
            aws.sqs.sendMessage(b -> b.queueUrl(stack.queueUrls().get("query-requests")).messageBody(request));
            String running = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> executionsOf(sql, "RUNNING"), ids -> ids.size() == 1).get(0);

            system.queryService().kill();
            System.out.println("query-service killed (SIGKILL) while following " + running);
            system.queryService().restart();

            String body = take(stack.queueUrls().get("query-results"), b -> b.contains("\"correlationId\":\"" + marker + "\""), 1)
                    .get(0);
            JsonNode completed = JSON.readTree(body);
            assertThat(completed.path("type").asText()).as(body).isEqualTo("QueryCompleted");
            assertThat(completed.path("queryExecutionId").asText()).as("the restarted service followed the same execution")
                    .isEqualTo(running);
            assertThat(executionsOf(sql, null)).containsExactly(running);
            assertThat(rest.rows(running).rows().get(0).get(0).asText())
                    .isEqualTo(postgres("SELECT count(*) FROM shop.customers").get(0));
            // a second announcement would come from a second receive: give one more visibility timeout for it
            Thread.sleep(Duration.ofSeconds(35).toMillis());
            assertThat(drain(stack.queueUrls().get("query-results"), b -> b.contains("\"correlationId\":\"" + marker + "\"")))
                    .as("announced again").isEmpty();
            assertThat(drain(stack.queueUrls().get("query-requests-dlq"), b -> b.contains(marker))).as("dead-lettered").isEmpty();
        } finally {
            DevStackAdmin.on(stack).athenaRunningTime(marker, Duration.ZERO);
        }
    }

    @Test
    void theMinioBucketIsQueriedThroughTheConnectorLambda() {
        // the sample's web_events, worked out here: event n (1..5000) is on 2026-11-0(1 + n % 5), action by n % 5
        Map<String, Long> expected = new java.util.TreeMap<>();
        for (int n = 1; n <= 5000; n++) {
            String day = "2026-11-0" + (1 + n % 5);
            if (day.equals("2026-11-03") || day.equals("2026-11-05")) {
                expected.merge(day + " " + List.of("view", "view", "view", "cart", "buy").get(n % 5), 1L, Long::sum);
            }
        }

        JsonNode submitted = rest.submit("SELECT event_date, action, count(*) AS events FROM web_events "
                + "WHERE event_date IN ('2026-11-03', '2026-11-05') GROUP BY event_date, action ORDER BY event_date, action",
                LocalSystem.MINIO_CATALOG, SampleData.MINIO_BUCKET, 0);
        String id = submitted.path("queryExecutionId").asText();
        JsonNode status = rest.awaitEnd(id, Duration.ofMinutes(3));
        assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("SUCCEEDED");

        QueryServiceClient.Rows rows = rest.rows(id);
        assertThat(rows.columns()).containsExactly("event_date", "action", "events");
        Map<String, Long> answered = new java.util.TreeMap<>();
        rows.rows().forEach(r -> answered.put(r.get(0).asText() + " " + r.get(1).asText(), r.get(2).asLong()));
        assertThat(answered).isEqualTo(expected);
    }

    @Test
    void theCommandLinePrintsTheRowsOfAQuery() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = new AthenaLakeCli(system.state(), new PrintStream(printed, true, StandardCharsets.UTF_8)).run(List.of(
                "query", "--catalog", "postgresql", "--database", "shop",
                "SELECT country, count(*) AS customers FROM customers GROUP BY country ORDER BY country"));

        assertThat(exit).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().toList()).startsWith(
                "country | customers", "-------------------", "BR      | 40", "DE      | 40", "FR      | 40", "JP      | 40",
                "US      | 40");
    }

    // ---------------------------------------------------------------- what a user does and sees

    /** What {@code ./athena-lake snapshot} does: an automated snapshot of app-db; returns its ARN. */
    private static String snapshot() {
        return DevStackAdmin.on(stack).automatedSnapshotOfInstance("app-db");
    }

    /** {@code ./athena-lake snapshot --manual}: RDS CreateDBSnapshot of app-db; returns the ARN it prints. */
    private static String snapshotWithTheCommandLine() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = new AthenaLakeCli(system.state(), new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run(List.of("snapshot", "--manual"));
        assertThat(exit).isZero();
        Matcher arn = Pattern.compile("Snapshot (arn:aws:rds:\\S+:snapshot:manual-\\S+) created").matcher(
                printed.toString(StandardCharsets.UTF_8));
        assertThat(arn.find()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        return arn.group(1);
    }

    /** The export id announced in {@code ExportStarted} for the snapshot, on the command line's lake-events subscription. */
    private static String exportStartedFor(String snapshotArn) throws Exception {
        String body = take(system.queues().get(LocalSystem.WATCH_LAKE_EVENTS),
                b -> b.contains("\"ExportStarted\"") && b.contains("\"" + snapshotArn + "\""), 1).get(0);
        return JSON.readTree(body).path("exportId").asText();
    }

    private static List<String> lakeEvents(String exportId, int count) {
        return take(system.queues().get(LocalSystem.WATCH_LAKE_EVENTS), b -> b.contains("\"exportId\":\"" + exportId + "\""), count);
    }

    /** {@code QueryCompleted} of the refresh query that the export's {@code CatalogRefreshed} triggered. */
    private static JsonNode refreshQueryCompleted(String exportId) throws Exception {
        String body = take(stack.queueUrls().get("query-results"), b -> b.contains("\"correlationId\":\"" + exportId + "\"")
                && b.contains("\"source\":\"refresh:" + LocalSystem.REFRESH_QUERY + "\""), 1).get(0);
        JsonNode message = JSON.readTree(body);
        assertThat(message.path("type").asText()).as(body).isEqualTo("QueryCompleted");
        return message;
    }

    private static List<List<String>> rowsOverRest(JsonNode completed) {
        QueryServiceClient.Rows rows = rest.rows(completed.path("queryExecutionId").asText());
        assertThat(rows.columns()).containsExactly("order_id", "line_no", "email", "product_sku", "quantity", "unit_price");
        return rows.rows().stream().map(r -> r.stream().map(v -> v.isNumber() ? plain(v.decimalValue()) : v.asText()).toList())
                .toList();
    }

    /** The refresh query's SQL on the source tables, through JDBC. */
    private static List<List<String>> postgresOrderLines() throws SQLException {
        String sql = LocalSystem.ORDER_LINES_SQL.replace("app_shop_", "shop.");
        List<List<String>> rows = new ArrayList<>();
        try (Connection postgres = postgres(); Statement statement = postgres.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.add(value instanceof Number number ? plain(new BigDecimal(number.toString())) : String.valueOf(value));
                }
                rows.add(row);
            }
        }
        assertThat(rows).isNotEmpty();
        return rows;
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------- helpers

    /** Receives and deletes the messages matching {@code wanted} until {@code count} arrived; others stay on the queue. */
    private static List<String> take(String queueUrl, Predicate<String> wanted, int count) {
        List<String> found = new ArrayList<>();
        await().atMost(PIPELINE).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (Message message : aws.sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(0)).messages()) {
                if (found.size() < count && wanted.test(message.body())) {
                    found.add(message.body());
                    aws.sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
            return found.size() >= count;
        });
        return found;
    }

    /** The bodies matching {@code wanted} among what the queue holds now (those are deleted; others stay). */
    private static List<String> drain(String queueUrl, Predicate<String> wanted) {
        List<String> found = new ArrayList<>();
        for (int receive = 0; receive < 5; receive++) {
            for (Message message : aws.sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(0)).messages()) {
                if (wanted.test(message.body())) {
                    found.add(message.body());
                    aws.sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
        }
        return found;
    }

    /** Athena's executions (in the primary workgroup, newest 50) of exactly this SQL, in a state or in any. */
    private static List<String> executionsOf(String sql, String state) {
        List<String> recent = aws.athena.listQueryExecutions(b -> b.workGroup("primary").maxResults(50)).queryExecutionIds();
        if (recent.isEmpty()) {
            return List.of();
        }
        return aws.athena.batchGetQueryExecution(b -> b.queryExecutionIds(recent)).queryExecutions().stream()
                .filter(e -> sql.equals(e.query()) && (state == null || state.equals(e.status().stateAsString())))
                .map(software.amazon.awssdk.services.athena.model.QueryExecution::queryExecutionId).toList();
    }

    /**
     * export-service's recorded stage of an export (its progress object in S3), or "" before there is one.
     * S3 returns an object being overwritten whole (old or new); S3Mock rewrites its file in place, so a read
     * racing export-service's write can end early: such a read is made again (devstack/README.md, S3).
     */
    private static String stage(String exportId) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                byte[] progress = aws.s3.getObjectAsBytes(b -> b.bucket(LocalSystem.EXPORT_BUCKET)
                        .key(LocalSystem.EXPORT_PREFIX + "_progress/" + exportId + ".json")).asByteArray();
                if (progress.length > 0 || attempt == 5) {
                    return JSON.readTree(progress).path("stage").asText();
                }
            } catch (NoSuchKeyException e) {
                return "";
            } catch (JsonEOFException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static Set<String> lakeKeys() {
        return keys(LocalSystem.LAKE_PREFIX);
    }

    private static Set<String> exportFolder(String exportId) {
        return keys(LocalSystem.EXPORT_PREFIX + exportId + "/");
    }

    private static Set<String> keys(String prefix) {
        return aws.s3.listObjectsV2Paginator(b -> b.bucket(LocalSystem.EXPORT_BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> difference(Set<String> now, Set<String> before) {
        Set<String> added = new TreeSet<>(now);
        added.removeAll(before);
        return added;
    }

    /** When a schedule's firing was due: its correlation id is {@code <schedule>@<instant>}. */
    private static Instant firing(String body) {
        try {
            String correlationId = JSON.readTree(body).path("correlationId").asText();
            return Instant.parse(correlationId.substring(correlationId.indexOf('@') + 1));
        } catch (Exception e) {
            return Instant.EPOCH;
        }
    }

    /** A one-column query's values, through JDBC. */
    private static List<String> postgres(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection postgres = postgres(); Statement statement = postgres.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static Connection postgres() throws SQLException {
        return DriverManager.getConnection(stack.postgresJdbcUrl(), stack.postgresUser(), stack.postgresPassword());
    }
}
