package io.athenalake.devstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.AwsJson;
import io.athenalake.devstack.events.EventBridge;
import io.athenalake.devstack.s3.S3Location;
import software.amazon.awssdk.services.s3.S3Client;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Glue's crawler operations — Create/Update/Get/GetCrawlers/List/Start/Stop/Delete — and each crawler's state
 * ({@code READY → RUNNING → STOPPING → READY}). A started crawler crawls on a thread of its own: {@link TableDiscovery}
 * finds the tables under its S3 targets, {@link TableRegistrar} registers them in the {@link GlueCatalog}, and each
 * state change is announced as the EventBridge {@code Glue Crawler State Change} event.
 */
public final class CrawlerOperations implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CrawlerOperations.class.getName());
    private static final String INVALID = "InvalidInputException";
    private static final Pattern NAME = Pattern.compile("[\\w .@-]{1,255}");

    private final TableDiscovery discovery;
    private final TableRegistrar registrar;
    private final EventBridge events;
    private final Map<String, Crawler> crawlers = new TreeMap<>();
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "glue-crawler");
        thread.setDaemon(true);
        return thread;
    });

    public CrawlerOperations(GlueCatalog catalog, S3Client s3, EventBridge events) {
        this.discovery = new TableDiscovery(s3);
        this.registrar = new TableRegistrar(catalog);
        this.events = events;
    }

    private static final class Crawler {
        ObjectNode definition;
        String state = "READY";
        boolean stopRequested;
        ObjectNode lastCrawl;
        long elapsedMillis;
        final BigDecimal created = now();
        BigDecimal updated = now();
        int version = 1;
    }

    Object handle(String operation, JsonNode request) {
        return switch (operation) {
            case "CreateCrawler" -> create(request);
            case "UpdateCrawler" -> update(request);
            case "GetCrawler" -> AwsJson.MAPPER.createObjectNode().set("Crawler", describe(crawler(text(request, "Name"))));
            case "GetCrawlers" -> getCrawlers();
            case "ListCrawlers" -> listCrawlers();
            case "StartCrawler" -> start(text(request, "Name"));
            case "StopCrawler" -> stop(text(request, "Name"));
            case "DeleteCrawler" -> delete(text(request, "Name"));
            default -> throw AwsException.unknownOperation("Glue", operation);
        };
    }

    private synchronized ObjectNode create(JsonNode request) {
        String name = text(request, "Name");
        if (!NAME.matcher(name).matches()) {
            throw new AwsException(INVALID, "Crawler name '" + name + "' is not valid");
        }
        if (crawlers.containsKey(name)) {
            throw new AwsException("AlreadyExistsException", "Crawler with name " + name + " has already been created");
        }
        Crawler crawler = new Crawler();
        crawler.definition = validated(request);
        crawlers.put(name, crawler);
        return empty();
    }

    private synchronized ObjectNode update(JsonNode request) {
        Crawler crawler = crawler(text(request, "Name"));
        if (!"READY".equals(crawler.state)) {
            throw new AwsException("CrawlerRunningException", "Crawler " + text(request, "Name") + " is running");
        }
        ObjectNode merged = crawler.definition.deepCopy();
        request.fields().forEachRemaining(field -> merged.set(field.getKey(), field.getValue()));
        crawler.definition = validated(merged);
        crawler.updated = now();
        crawler.version++;
        return empty();
    }

    private static ObjectNode validated(JsonNode request) {
        text(request, "Role");
        JsonNode s3Targets = AwsJson.object(request, "Targets", INVALID).get("S3Targets");
        if (s3Targets == null || !s3Targets.isArray() || s3Targets.isEmpty()) {
            throw new AwsException(INVALID, "The devstack's crawlers need at least one S3 target");
        }
        for (JsonNode target : s3Targets) {
            try {
                S3Location.parse(AwsJson.requiredText(target, "Path", INVALID));
            } catch (IllegalArgumentException e) {
                throw new AwsException(INVALID, "S3 target path is not valid: " + target.path("Path").asText());
            }
        }
        CrawlerSettings.validateConfiguration(request);
        return (ObjectNode) request.deepCopy();
    }

    private synchronized ObjectNode getCrawlers() {
        ObjectNode answer = empty();
        ArrayNode list = answer.putArray("Crawlers");
        crawlers.values().forEach(c -> list.add(describe(c)));
        return answer;
    }

    private synchronized ObjectNode listCrawlers() {
        ObjectNode answer = empty();
        ArrayNode names = answer.putArray("CrawlerNames");
        crawlers.keySet().forEach(names::add);
        return answer;
    }

    private synchronized ObjectNode delete(String name) {
        Crawler crawler = crawler(name);
        if (!"READY".equals(crawler.state)) {
            throw new AwsException("CrawlerRunningException", "Crawler " + name + " is running");
        }
        crawlers.remove(name);
        return empty();
    }

    private ObjectNode start(String name) {
        Crawler crawler;
        synchronized (this) {
            crawler = crawler(name);
            if (!"READY".equals(crawler.state)) {
                throw new AwsException("CrawlerRunningException", "Crawler with name " + name + " has already started");
            }
            crawler.state = "RUNNING";
            crawler.stopRequested = false;
        }
        runner.execute(() -> crawl(name, crawler));
        return empty();
    }

    private synchronized ObjectNode stop(String name) {
        Crawler crawler = crawler(name);
        if ("STOPPING".equals(crawler.state)) {
            throw new AwsException("CrawlerStoppingException", "Crawler " + name + " is stopping");
        }
        if (!"RUNNING".equals(crawler.state)) {
            throw new AwsException("CrawlerNotRunningException", "Crawler " + name + " isn't running");
        }
        crawler.state = "STOPPING";
        crawler.stopRequested = true;
        return empty();
    }

    private synchronized Crawler crawler(String name) {
        Crawler crawler = crawlers.get(name);
        if (crawler == null) {
            throw new AwsException(GlueCatalog.NOT_FOUND, "Crawler entry with name " + name + " does not exist");
        }
        return crawler;
    }

    private synchronized ObjectNode describe(Crawler crawler) {
        ObjectNode answer = crawler.definition.deepCopy();
        answer.put("State", crawler.state);
        answer.put("CreationTime", crawler.created);
        answer.put("LastUpdated", crawler.updated);
        answer.put("Version", crawler.version);
        answer.put("CrawlElapsedTime", crawler.elapsedMillis);
        if (crawler.lastCrawl != null) {
            answer.set("LastCrawl", crawler.lastCrawl.deepCopy());
        }
        return answer;
    }

    /** One run of a crawler, on the runner's thread: every S3 target crawled, then the crawler READY again. */
    private void crawl(String name, Crawler crawler) {
        long begin = System.currentTimeMillis();
        ObjectNode definition;
        synchronized (this) {
            definition = crawler.definition.deepCopy();
        }
        announce(name, "Started", "Crawler Started", null, 0);
        CrawlCounts counts = new CrawlCounts();
        String status;
        String error = null;
        try {
            CrawlerSettings settings = CrawlerSettings.of(definition);
            registrar.ensureDatabase(settings.database());
            for (JsonNode target : definition.path("Targets").path("S3Targets")) {
                String path = target.get("Path").asText();
                try {
                    discovery.crawl(S3Location.parse(path), TableDiscovery.exclusions(target), settings, counts,
                            () -> stopRequested(crawler), table -> registrar.register(settings, table, counts));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("S3 target " + path + ": " + e.getMessage(), e);
                }
            }
            status = stopRequested(crawler) ? "CANCELLED" : "SUCCEEDED";
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "crawler " + name + " failed", e);
            status = "FAILED";
            error = e.getMessage();
        }
        long elapsed = System.currentTimeMillis() - begin;
        synchronized (this) {
            crawler.lastCrawl = AwsJson.MAPPER.createObjectNode()
                    .put("Status", status)
                    .put("StartTime", BigDecimal.valueOf(begin, 3))
                    .put("LogGroup", "/aws-glue/crawlers")
                    .put("LogStream", name)
                    .put("MessagePrefix", java.util.UUID.randomUUID().toString());
            if (error != null) {
                crawler.lastCrawl.put("ErrorMessage", error);
            }
            crawler.elapsedMillis = elapsed;
            crawler.state = "READY";
        }
        announce(name, "SUCCEEDED".equals(status) ? "Succeeded" : "Failed",
                "SUCCEEDED".equals(status) ? "Crawler Succeeded" : "CANCELLED".equals(status)
                        ? "Crawler was stopped" : "Crawler Failed: " + error, counts, elapsed);
    }

    private synchronized boolean stopRequested(Crawler crawler) {
        return crawler.stopRequested;
    }

    private void announce(String name, String state, String message, CrawlCounts counts, long elapsedMillis) {
        if (events == null) {
            return;
        }
        ObjectNode detail = EventBridge.detail()
                .put("crawlerName", name)
                .put("state", state)
                .put("message", message)
                .put("accountId", events.accountId())
                .put("startTime", Instant.now().toString());
        if (counts != null) {
            detail.put("tablesCreated", Integer.toString(counts.tablesCreated))
                    .put("tablesUpdated", Integer.toString(counts.tablesUpdated))
                    .put("tablesDeleted", Integer.toString(counts.tablesDeleted))
                    .put("partitionsCreated", Integer.toString(counts.partitionsCreated))
                    .put("partitionsUpdated", Integer.toString(counts.partitionsUpdated))
                    .put("partitionsDeleted", Integer.toString(counts.partitionsDeleted))
                    .put("warningMessage", counts.warnings.isEmpty() ? "N/A" : String.join("; ", counts.warnings))
                    .put("runningTime (sec)", Long.toString(Math.max(1, elapsedMillis / 1000)))
                    .put("completionDate", Instant.now().toString());
        }
        events.deliver("Glue Crawler State Change", "aws.glue",
                List.of("arn:aws:glue:" + events.region() + ":" + events.accountId() + ":crawler/" + name), detail);
    }

    private static ObjectNode empty() {
        return AwsJson.MAPPER.createObjectNode();
    }

    private static String text(JsonNode request, String member) {
        return AwsJson.requiredText(request, member, INVALID);
    }

    private static BigDecimal now() {
        return BigDecimal.valueOf(Instant.now().toEpochMilli(), 3);
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
