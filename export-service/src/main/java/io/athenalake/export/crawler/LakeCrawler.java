package io.athenalake.export.crawler;

import io.athenalake.export.config.ExportServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Crawler;
import software.amazon.awssdk.services.glue.model.CrawlerRunningException;

import java.time.Instant;
import java.util.Optional;

/** The Glue crawler over the lake prefix. */
@ApplicationScoped
public class LakeCrawler {

    private final GlueClient glue;
    private final String name;
    private final String database;

    protected LakeCrawler(GlueClient glue, ExportServiceConfig config) {
        this.glue = glue;
        this.name = config.crawlerName();
        this.database = config.glueDatabase();
    }

    public String name() {
        return name;
    }

    /** Starts a crawl; false when one is already running (the caller tries again later). */
    public boolean start() {
        try {
            glue.startCrawler(b -> b.name(name));
            return true;
        } catch (CrawlerRunningException e) {
            return false;
        }
    }

    /** What Glue says about the crawler now: its table prefix and its last finished crawl. */
    public Status status() {
        Crawler crawler = glue.getCrawler(b -> b.name(name)).crawler();
        String prefix = crawler.tablePrefix() == null ? "" : crawler.tablePrefix();
        Optional<LastCrawl> last = Optional.ofNullable(crawler.lastCrawl()).filter(c -> c.startTime() != null)
                .map(c -> new LastCrawl(c.startTime(), c.statusAsString(), c.errorMessage()));
        return new Status(crawler.stateAsString(), crawler.databaseName(), prefix, last);
    }

    /**
     * @param state       READY, RUNNING or STOPPING
     * @param database    the Glue database it catalogues into
     * @param tablePrefix Glue puts it before every table name it creates
     * @param lastCrawl   the last crawl that finished, if any
     */
    public record Status(String state, String database, String tablePrefix, Optional<LastCrawl> lastCrawl) {
    }

    /** A finished crawl: when it started and how it ended (SUCCEEDED, FAILED, CANCELLED). */
    public record LastCrawl(Instant startTime, String status, String errorMessage) {

        public boolean succeeded() {
            return "SUCCEEDED".equals(status);
        }

        /** Why it did not succeed, in words. */
        public String reason() {
            if ("CANCELLED".equals(status)) {
                return "the crawl was stopped before it finished";
            }
            return errorMessage == null || errorMessage.isBlank() ? "the crawl " + status : errorMessage;
        }
    }
}
