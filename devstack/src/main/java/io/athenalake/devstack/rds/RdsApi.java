package io.athenalake.devstack.rds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.AwsJson;
import io.athenalake.devstack.aws.QueryApi;
import io.athenalake.devstack.aws.Xml;
import io.athenalake.devstack.events.EventBridge;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Amazon RDS on the Query protocol, for the devstack's PostgreSQL database, which plays both a DB
 * instance ({@value #INSTANCE}) and an Aurora cluster ({@value #CLUSTER}): snapshots
 * (CreateDBSnapshot, CreateDBClusterSnapshot, DescribeDBSnapshots, DescribeDBClusterSnapshots,
 * and automated snapshots through the devstack call {@code POST /_devstack/rds/automated-snapshot}),
 * and snapshot export to S3 (StartExportTask, DescribeExportTasks, CancelExportTask), announced
 * as the EventBridge RDS events AWS sends.
 */
public final class RdsApi implements QueryApi, AutoCloseable {

    public static final String INSTANCE = "app-db";
    public static final String CLUSTER = "app-cluster";
    public static final int MAX_RUNNING_EXPORTS = 5;
    private static final Logger LOG = Logger.getLogger(RdsApi.class.getName());
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,59}(?<!-)");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/[\\w+=,.@/-]{1,512}");
    private static final Pattern KMS_KEY = Pattern.compile(
            "(arn:aws:kms:[a-z0-9-]+:\\d{12}:(key/[\\w-]+|alias/[\\w/-]+))|alias/[\\w/-]+|[0-9a-f]{8}-[0-9a-f-]{27}|mrk-[0-9a-f]{32}");
    private static final DateTimeFormatter SNAPSHOT_SUFFIX = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

    private final String region;
    private final String accountId;
    private final S3Client s3;
    private final EventBridge events;
    private final SnapshotExporter exporter;
    private final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    private final Map<String, ExportTask> exports = new LinkedHashMap<>();
    /** Snapshot ARN → the cause with which its exports fail ({@code POST /_devstack/rds/export-failure}). */
    private final Map<String, String> exportFailures = new java.util.concurrent.ConcurrentHashMap<>();
    /** Snapshot ARN → the tables its exports list as FAILED. */
    private final Map<String, java.util.Set<String>> tableFailures = new java.util.concurrent.ConcurrentHashMap<>();
    /** RDS runs exports slowly; one at a time here, so up to five can be STARTING/IN_PROGRESS together. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "rds-export");
        thread.setDaemon(true);
        return thread;
    });

    public RdsApi(String region, String accountId, S3Client s3, EventBridge events, String trinoJdbcUrl,
                  String postgresJdbcUrl, String postgresUser, String postgresPassword, String databaseName) {
        this.region = region;
        this.accountId = accountId;
        this.s3 = s3;
        this.events = events;
        this.exporter = new SnapshotExporter(trinoJdbcUrl, postgresJdbcUrl, postgresUser, postgresPassword, databaseName, s3);
    }

    @Override
    public String signingName() {
        return "rds";
    }

    @Override
    public String xmlNamespace() {
        return "http://rds.amazonaws.com/doc/2014-10-31/";
    }

    @Override
    public String handle(String action, Map<String, List<String>> parameters) {
        return switch (action) {
            case "CreateDBSnapshot" -> "<DBSnapshot>" + dbSnapshotXml(createSnapshot(
                    required(parameters, "DBInstanceIdentifier"), required(parameters, "DBSnapshotIdentifier"), false, false))
                    + "</DBSnapshot>";
            case "CreateDBClusterSnapshot" -> "<DBClusterSnapshot>" + clusterSnapshotXml(createSnapshot(
                    required(parameters, "DBClusterIdentifier"), required(parameters, "DBClusterSnapshotIdentifier"), true, false))
                    + "</DBClusterSnapshot>";
            case "DescribeDBSnapshots" -> describeSnapshots(parameters, false);
            case "DescribeDBClusterSnapshots" -> describeSnapshots(parameters, true);
            case "StartExportTask" -> exportTaskXml(startExport(parameters));
            case "DescribeExportTasks" -> describeExports(parameters);
            case "CancelExportTask" -> exportTaskXml(cancelExport(required(parameters, "ExportTaskIdentifier")));
            default -> throw AwsException.invalidAction("RDS", action);
        };
    }

    /**
     * The devstack call behind {@code POST /_devstack/rds/export-failure} {@code {"SourceArn": "...", "FailureCause":
     * "..."}}: exports of that snapshot started from now on fail with the cause (FAILED, RDS-EVENT-0159 / 0162), as
     * RDS fails an export whose bucket, key or role stopped being usable after StartExportTask accepted it. With
     * {@code "FailedTables": ["db.schema.table", …]} instead, the export completes but lists those tables with status
     * FAILED in its {@code export_tables_info} (their files are written all the same). Each call replaces what an earlier
     * one said about the snapshot; one with neither forgets it.
     */
    public Object exportFailure(JsonNode request) {
        String sourceArn = request.path("SourceArn").asText("");
        String cause = request.path("FailureCause").asText("");
        if (!sourceArn.startsWith("arn:aws:rds:")) {
            throw new AwsException("InvalidParameterValue", "SourceArn must be a snapshot ARN");
        }
        java.util.Set<String> tables = new java.util.TreeSet<>();
        request.path("FailedTables").forEach(t -> tables.add(t.asText()));
        if (cause.isEmpty()) {
            exportFailures.remove(sourceArn);
        } else {
            exportFailures.put(sourceArn, cause);
        }
        if (tables.isEmpty()) {
            tableFailures.remove(sourceArn);
        } else {
            tableFailures.put(sourceArn, tables);
        }
        var answer = AwsJson.MAPPER.createObjectNode().put("SourceArn", sourceArn).put("FailureCause", cause);
        tables.forEach(answer.putArray("FailedTables")::add);
        return answer;
    }

    /** The devstack call behind {@code POST /_devstack/rds/automated-snapshot}: what RDS does in its backup window. */
    public Object automatedSnapshot(JsonNode request) {
        boolean cluster = request.hasNonNull("DBClusterIdentifier");
        String source = cluster ? request.get("DBClusterIdentifier").asText()
                : request.path("DBInstanceIdentifier").asText(INSTANCE);
        String identifier = "rds:" + source + "-" + SNAPSHOT_SUFFIX.format(Instant.now());
        Snapshot snapshot = createSnapshot(source, identifier, cluster, true);
        ObjectNode answer = AwsJson.MAPPER.createObjectNode()
                .put("SnapshotIdentifier", snapshot.identifier())
                .put("SnapshotArn", snapshot.arn())
                .put("EventID", snapshot.eventIdCreated());
        return answer;
    }

    private Snapshot createSnapshot(String source, String identifier, boolean cluster, boolean automated) {
        String expected = cluster ? CLUSTER : INSTANCE;
        if (!expected.equals(source)) {
            throw new AwsException(cluster ? "DBClusterNotFoundFault" : "DBInstanceNotFound",
                    (cluster ? "DBCluster " : "DBInstance ") + source + " not found. The devstack has " + expected + ".", 404);
        }
        if (!automated && !IDENTIFIER.matcher(identifier).matches()) {
            throw invalidIdentifier(cluster ? "DBClusterSnapshotIdentifier" : "DBSnapshotIdentifier");
        }
        String arn = "arn:aws:rds:" + region + ":" + accountId + ":" + (cluster ? "cluster-snapshot:" : "snapshot:") + identifier;
        Snapshot snapshot = new Snapshot(identifier, source, arn, cluster, automated, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        synchronized (this) {
            if (snapshots.containsKey(identifier)) {
                throw new AwsException(cluster ? "DBClusterSnapshotAlreadyExistsFault" : "DBSnapshotAlreadyExists",
                        "Cannot create the snapshot because a snapshot with the identifier " + identifier + " already exists.");
            }
            snapshots.put(identifier, snapshot);
        }
        announce(snapshot, snapshot.eventIdCreated(), List.of("creation"),
                automated ? (cluster ? "Automated cluster snapshot created" : "Automated snapshot created")
                        : (cluster ? "Manual cluster snapshot created" : "Manual snapshot created"));
        return snapshot;
    }

    private synchronized String describeSnapshots(Map<String, List<String>> parameters, boolean cluster) {
        String source = optional(parameters, cluster ? "DBClusterIdentifier" : "DBInstanceIdentifier");
        String identifier = optional(parameters, cluster ? "DBClusterSnapshotIdentifier" : "DBSnapshotIdentifier");
        String type = optional(parameters, "SnapshotType");
        List<Snapshot> matching = snapshots.values().stream()
                .filter(s -> s.cluster() == cluster)
                .filter(s -> source == null || s.sourceIdentifier().equals(source))
                .filter(s -> identifier == null || s.identifier().equals(identifier) || s.arn().equals(identifier))
                .filter(s -> type == null || s.type().equals(type))
                .toList();
        if (identifier != null && matching.isEmpty()) {
            throw snapshotNotFound(identifier, cluster);
        }
        StringBuilder xml = new StringBuilder(cluster ? "<DBClusterSnapshots>" : "<DBSnapshots>");
        for (Snapshot snapshot : matching) {
            xml.append(cluster ? "<DBClusterSnapshot>" + clusterSnapshotXml(snapshot) + "</DBClusterSnapshot>"
                    : "<DBSnapshot>" + dbSnapshotXml(snapshot) + "</DBSnapshot>");
        }
        return xml.append(cluster ? "</DBClusterSnapshots>" : "</DBSnapshots>").toString();
    }

    private ExportTask startExport(Map<String, List<String>> parameters) {
        String identifier = required(parameters, "ExportTaskIdentifier");
        if (!IDENTIFIER.matcher(identifier).matches()) {
            throw invalidIdentifier("ExportTaskIdentifier");
        }
        String sourceArn = required(parameters, "SourceArn");
        String bucket = required(parameters, "S3BucketName");
        String role = required(parameters, "IamRoleArn");
        String kmsKey = required(parameters, "KmsKeyId");
        String prefix = optional(parameters, "S3Prefix");
        List<String> exportOnly = members(parameters, "ExportOnly");

        Snapshot snapshot;
        synchronized (this) {
            snapshot = snapshots.values().stream().filter(s -> s.arn().equals(sourceArn)).findFirst()
                    .orElseThrow(() -> snapshotNotFound(sourceArn, sourceArn.contains(":cluster-snapshot:")));
        }
        var roleMatch = ROLE_ARN.matcher(role);
        if (!roleMatch.matches() || !roleMatch.group(1).equals(accountId)) {
            throw new AwsException("IamRoleNotFound", "The IAM role " + role + " is not found. The devstack knows the roles of "
                    + "account " + accountId + " (arn:aws:iam::" + accountId + ":role/<name>).", 404);
        }
        if (!KMS_KEY.matcher(kmsKey).matches()) {
            throw new AwsException("KMSKeyNotAccessibleFault", "The specified KMS key " + kmsKey + " does not exist or is not accessible.");
        }
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            throw new AwsException("InvalidS3BucketFault", "The S3 bucket " + bucket + " doesn't exist.");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new AwsException("InvalidS3BucketFault", "The S3 bucket " + bucket + " doesn't exist.");
            }
            throw e;
        }
        if (!exportOnly.isEmpty()) {
            try {
                for (String entry : exportOnly) {
                    if (exporter.selected(List.of(entry)).isEmpty()) {
                        throw new AwsException("InvalidExportOnly", "The export only parameter " + entry
                                + " does not name a database, schema or table of the snapshot.");
                    }
                }
            } catch (java.sql.SQLException e) {
                throw new AwsException("InternalFailure", "could not read the snapshot's tables: " + e.getMessage(), 500);
            }
        }
        ExportTask task = new ExportTask(identifier, snapshot, bucket, prefix, role, kmsKey, exportOnly);
        task.failTables(tableFailures.getOrDefault(snapshot.arn(), java.util.Set.of()));
        synchronized (this) {
            if (exports.containsKey(identifier)) {
                throw new AwsException("ExportTaskAlreadyExists", "The export task with the ID " + identifier + " already exists.");
            }
            long running = exports.values().stream().filter(ExportTask::isRunning).count();
            if (running >= MAX_RUNNING_EXPORTS) {
                throw new AwsException("ExportTaskLimitReached", "You can have up to " + MAX_RUNNING_EXPORTS
                        + " concurrent export tasks in progress per account; " + running + " are running.");
            }
            exports.put(identifier, task);
        }
        worker.execute(() -> run(task));
        return task;
    }

    private void run(ExportTask task) {
        if (!task.begin()) {
            task.canceled();
            announce(task.snapshot, task.snapshot.cluster() ? "RDS-EVENT-0163" : "RDS-EVENT-0160", List.of("notification"),
                    "Snapshot export task canceled.");
            return;
        }
        try {
            String failure = exportFailures.get(task.snapshot.arn());
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            if (exporter.export(task)) {
                task.complete();
                announce(task.snapshot, task.snapshot.cluster() ? "RDS-EVENT-0164" : "RDS-EVENT-0161",
                        List.of("notification"), "Snapshot export task completed.");
            } else {
                task.canceled();
                announce(task.snapshot, task.snapshot.cluster() ? "RDS-EVENT-0163" : "RDS-EVENT-0160",
                        List.of("notification"), "Snapshot export task canceled.");
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "export " + task.identifier + " failed", e);
            task.fail(e.getMessage());
            announce(task.snapshot, task.snapshot.cluster() ? "RDS-EVENT-0162" : "RDS-EVENT-0159",
                    List.of("notification"), "Snapshot export task failed.");
        }
    }

    private synchronized String describeExports(Map<String, List<String>> parameters) {
        String identifier = optional(parameters, "ExportTaskIdentifier");
        String sourceArn = optional(parameters, "SourceArn");
        List<ExportTask> matching = exports.values().stream()
                .filter(t -> identifier == null || t.identifier.equals(identifier))
                .filter(t -> sourceArn == null || t.snapshot.arn().equals(sourceArn))
                .sorted(Comparator.comparing((ExportTask t) -> t.started).reversed())
                .toList();
        if (identifier != null && matching.isEmpty()) {
            throw new AwsException("ExportTaskNotFound", "The export task with the ID " + identifier + " is not found.", 404);
        }
        StringBuilder xml = new StringBuilder("<ExportTasks>");
        matching.forEach(task -> xml.append("<ExportTask>").append(exportTaskXml(task)).append("</ExportTask>"));
        return xml.append("</ExportTasks>").toString();
    }

    private ExportTask cancelExport(String identifier) {
        ExportTask task;
        synchronized (this) {
            task = exports.get(identifier);
        }
        if (task == null) {
            throw new AwsException("ExportTaskNotFound", "The export task with the ID " + identifier + " is not found.", 404);
        }
        if (!task.requestCancel()) {
            throw new AwsException("InvalidExportTaskStateFault", "The export task " + identifier + " is "
                    + task.status() + " and can't be canceled.");
        }
        return task;
    }

    private void announce(Snapshot snapshot, String eventId, List<String> categories, String message) {
        ObjectNode detail = EventBridge.detail();
        categories.forEach(detail.putArray("EventCategories")::add);
        detail.put("SourceType", snapshot.sourceType())
                .put("SourceArn", snapshot.arn())
                .put("Date", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
                .put("Message", message)
                .put("SourceIdentifier", snapshot.identifier())
                .put("EventID", eventId);
        events.deliver(snapshot.detailType(), "aws.rds", List.of(snapshot.arn()), detail);
    }

    private String dbSnapshotXml(Snapshot s) {
        return Xml.element("DBSnapshotIdentifier", s.identifier()) + Xml.element("DBInstanceIdentifier", s.sourceIdentifier())
                + Xml.element("SnapshotCreateTime", iso(s.created())) + Xml.element("Engine", "postgres")
                + Xml.element("EngineVersion", "18") + Xml.element("AllocatedStorage", 20) + Xml.element("Status", "available")
                + Xml.element("Port", 5432) + Xml.element("AvailabilityZone", region + "a")
                + Xml.element("MasterUsername", "app") + Xml.element("SnapshotType", s.type())
                + Xml.element("DBSnapshotArn", s.arn()) + Xml.element("Encrypted", true)
                + Xml.element("PercentProgress", 100) + Xml.element("StorageType", "gp3")
                + Xml.element("DbiResourceId", "db-DEVSTACK" + Math.abs(s.identifier().hashCode()));
    }

    private String clusterSnapshotXml(Snapshot s) {
        return Xml.element("DBClusterSnapshotIdentifier", s.identifier()) + Xml.element("DBClusterIdentifier", s.sourceIdentifier())
                + Xml.element("SnapshotCreateTime", iso(s.created())) + Xml.element("Engine", "aurora-postgresql")
                + Xml.element("EngineVersion", "16") + Xml.element("Status", "available") + Xml.element("Port", 5432)
                + Xml.element("MasterUsername", "app") + Xml.element("SnapshotType", s.type())
                + Xml.element("PercentProgress", 100) + Xml.element("StorageEncrypted", true)
                + Xml.element("DBClusterSnapshotArn", s.arn());
    }

    private static String exportTaskXml(ExportTask t) {
        StringBuilder xml = new StringBuilder()
                .append(Xml.element("ExportTaskIdentifier", t.identifier))
                .append(Xml.element("SourceArn", t.snapshot.arn()));
        if (!t.exportOnly.isEmpty()) {
            xml.append("<ExportOnly>");
            t.exportOnly.forEach(entry -> xml.append(Xml.element("member", entry)));
            xml.append("</ExportOnly>");
        }
        return xml.append(Xml.element("SnapshotTime", iso(t.snapshot.created())))
                .append(Xml.element("TaskStartTime", iso(t.started)))
                .append(t.ended() == null ? "" : Xml.element("TaskEndTime", iso(t.ended())))
                .append(Xml.element("S3Bucket", t.bucket))
                .append(Xml.element("S3Prefix", t.prefix))
                .append(Xml.element("IamRoleArn", t.iamRoleArn))
                .append(Xml.element("KmsKeyId", t.kmsKeyId))
                .append(Xml.element("Status", t.status()))
                .append(Xml.element("PercentProgress", t.percentProgress()))
                .append(Xml.element("TotalExtractedDataInGB", t.bytesWritten() / 1_000_000_000L))
                .append(Xml.element("FailureCause", t.failureCause()))
                .append(Xml.element("SourceType", t.snapshot.cluster() ? "CLUSTER" : "SNAPSHOT"))
                .toString();
    }

    private static AwsException snapshotNotFound(String identifier, boolean cluster) {
        return cluster
                ? new AwsException("DBClusterSnapshotNotFoundFault", "DBClusterSnapshot " + identifier + " not found.", 404)
                : new AwsException("DBSnapshotNotFound", "DBSnapshot " + identifier + " not found.", 404);
    }

    private static AwsException invalidIdentifier(String parameter) {
        return new AwsException("InvalidParameterValue", "The parameter " + parameter + " is not a valid identifier. "
                + "Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; "
                + "and must not end with a hyphen or contain two consecutive hyphens.");
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    private static String required(Map<String, List<String>> parameters, String name) {
        String value = optional(parameters, name);
        if (value == null || value.isBlank()) {
            throw new AwsException("MissingParameter", "The request must contain the parameter " + name);
        }
        return value;
    }

    private static String optional(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static List<String> members(Map<String, List<String>> parameters, String name) {
        List<String> members = new ArrayList<>();
        for (int i = 1; parameters.containsKey(name + ".member." + i); i++) {
            members.add(parameters.get(name + ".member." + i).get(0));
        }
        return members;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
