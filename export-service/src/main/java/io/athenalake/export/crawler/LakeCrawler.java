package io.athenalake.export.crawler;

import io.athenalake.export.config.ExportServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.CrawlerRunningException;

/** The Glue crawler over the lake prefix. */
@ApplicationScoped
public class LakeCrawler {

    private final GlueClient glue;
    private final String name;

    protected LakeCrawler(GlueClient glue, ExportServiceConfig config) {
        this.glue = glue;
        this.name = config.crawlerName();
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

    /** The crawler's table prefix, which Glue puts before every table name it creates. */
    public String tablePrefix() {
        String prefix = glue.getCrawler(b -> b.name(name)).crawler().tablePrefix();
        return prefix == null ? "" : prefix;
    }
}
