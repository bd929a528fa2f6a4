package io.athenalake.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.devstack.DevStackAdmin;
import io.athenalake.local.auth.LocalKeys;
import io.athenalake.local.launcher.LocalAws;
import io.athenalake.local.launcher.LocalState;
import io.athenalake.local.launcher.LocalSystem;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./athena-lake}: the command-line companion of a running {@code ./run-local.sh} (it reads
 * {@code .local/local.properties}).
 */
public final class AthenaLakeCli {

    private static final String USAGE = """
            usage: ./athena-lake <command>
              snapshot [--cluster]                 an automated RDS snapshot of app-db (app-cluster); starts the export pipeline
              snapshot --manual                    a manual one, through RDS CreateDBSnapshot (RDS-EVENT-0042)
              query [--catalog C] [--database D] SQL
                                                   runs SQL through query-service's REST API and prints its rows
              rows ID                              the rows of a finished query, over REST
              follow lake-events|query-results     prints messages as they arrive (Ctrl-C to stop)
              token                                a bearer token for query-service (both roles, one hour)
            """;

    private final LocalState state;
    private final PrintStream out;

    public AthenaLakeCli(LocalState state, PrintStream out) {
        this.state = state;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        Path workDir = Path.of(System.getProperty("athena-lake.work-dir", ".local")).toAbsolutePath();
        AthenaLakeCli cli;
        try {
            cli = new AthenaLakeCli(LocalState.read(workDir), System.out);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        try {
            System.exit(cli.run(List.of(args)));
        } catch (QueryServiceClient.ApiException | IllegalStateException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    public int run(List<String> args) throws Exception {
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        return switch (args.get(0)) {
            case "snapshot" -> rest.contains("--manual") ? manualSnapshot() : snapshot(rest.contains("--cluster"));
            case "query" -> query(rest);
            case "rows" -> printRows(single(rest, "rows ID"));
            case "follow" -> follow(single(rest, "follow lake-events|query-results"));
            case "token" -> {
                out.println(keys().token("local-user", Duration.ofHours(1)));
                yield 0;
            }
            default -> {
                System.err.print(USAGE);
                yield 2;
            }
        };
    }

    private int snapshot(boolean cluster) {
        DevStackAdmin devstack = new DevStackAdmin(state.get("aws.endpoint"));
        String snapshotArn = cluster ? devstack.automatedSnapshotOfCluster("app-cluster") : devstack.automatedSnapshotOfInstance("app-db");
        out.println("Snapshot " + snapshotArn
                + " created; RDS announces it on rds-events and export-service takes it from there.");
        out.println("Watch it with: ./athena-lake follow lake-events");
        return 0;
    }

    private int manualSnapshot() {
        String name = "manual-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        try (RdsClient rds = RdsClient.builder().endpointOverride(URI.create(state.get("aws.endpoint")))
                .region(Region.of(state.get("region"))).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        state.get("aws.access-key-id"), state.get("aws.secret-access-key")))).build()) {
            String arn = rds.createDBSnapshot(b -> b.dbInstanceIdentifier("app-db").dbSnapshotIdentifier(name))
                    .dbSnapshot().dbSnapshotArn();
            out.println("Snapshot " + arn + " created (CreateDBSnapshot); RDS announces it on rds-events and export-service "
                    + "takes it from there.");
            out.println("Watch it with: ./athena-lake follow lake-events");
        }
        return 0;
    }

    private int query(List<String> args) {
        String catalog = option(args, "--catalog");
        String database = option(args, "--database");
        if (args.size() != 1) {
            throw new IllegalArgumentException("query [--catalog C] [--database D] SQL  (the SQL as one argument, quoted)");
        }
        QueryServiceClient client = client();
        JsonNode submitted = client.submit(args.get(0), catalog, database, 60);
        String id = submitted.path("queryExecutionId").asText();
        JsonNode status = client.awaitEnd(id, Duration.ofMinutes(30));
        if (!status.path("state").asText().equals("SUCCEEDED")) {
            System.err.println("query " + id + " " + status.path("state").asText() + ": " + status.path("stateChangeReason").asText(""));
            return 1;
        }
        printRows(id);
        return 0;
    }

    private int printRows(String queryExecutionId) {
        QueryServiceClient.Rows rows = client().rows(queryExecutionId);
        List<List<String>> table = new ArrayList<>();
        table.add(rows.columns());
        rows.rows().forEach(r -> table.add(r.stream().map(v -> v.isNull() ? "NULL" : v.asText()).toList()));
        int[] widths = new int[rows.columns().size()];
        table.forEach(r -> {
            for (int i = 0; i < r.size() && i < widths.length; i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        for (int line = 0; line < table.size(); line++) {
            StringBuilder text = new StringBuilder();
            List<String> row = table.get(line);
            for (int i = 0; i < row.size(); i++) {
                text.append(i == 0 ? "" : " | ").append(String.format("%-" + Math.max(1, widths[i]) + "s", row.get(i)));
            }
            out.println(text.toString().stripTrailing());
            if (line == 0) {
                out.println("-".repeat(text.toString().stripTrailing().length()));
            }
        }
        out.println("(" + rows.rows().size() + " rows, query " + queryExecutionId + ")");
        return 0;
    }

    /** How long a received message stays invisible before it is printed and deleted (milliseconds, normally). */
    static final int HELD_WHILE_PRINTING_SECONDS = 5;

    /** Receives and deletes: lake-events from the command line's own subscription, query-results as its consumer. */
    private int follow(String what) {
        String queue = switch (what) {
            case "lake-events" -> state.get("queue." + LocalSystem.WATCH_LAKE_EVENTS);
            case "query-results" -> state.get("queue.query-results");
            default -> throw new IllegalArgumentException("follow lake-events|query-results");
        };
        out.println("Following " + what + " (" + queue + "); Ctrl-C to stop.");
        try (LocalAws aws = new LocalAws(state.get("region"), state.get("aws.access-key-id"), state.get("aws.secret-access-key"),
                state.get("aws.endpoint"), state.get("s3.endpoint"), state.get("sqs.endpoint"))) {
            while (true) {
                // Ctrl-C during a long poll can strand what SQS was handing over: receive with a visibility of a few
                // seconds (not the queue's 30), so a message this process never printed comes back for the next follow
                for (Message message : aws.sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(20)
                        .visibilityTimeout(HELD_WHILE_PRINTING_SECONDS)).messages()) {
                    out.println(Instant.now() + " " + message.body());
                    aws.sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
                }
            }
        }
    }

    private QueryServiceClient client() {
        LocalKeys keys = keys();
        return new QueryServiceClient(state.get("query-service.url"), () -> keys.token("local-user", Duration.ofMinutes(10)));
    }

    private LocalKeys keys() {
        try {
            return LocalKeys.read(Path.of(state.get("jwt.public-key")), Path.of(state.get("jwt.private-key")));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the local token keys: " + e.getMessage(), e);
        }
    }

    private static String option(List<String> args, String name) {
        int at = args.indexOf(name);
        if (at < 0) {
            return null;
        }
        if (at + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args.get(at + 1);
        args.remove(at + 1);
        args.remove(at);
        return value;
    }

    private static String single(List<String> args, String usage) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("usage: ./athena-lake " + usage);
        }
        return args.get(0);
    }
}
