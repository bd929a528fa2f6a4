package io.athenalake.devstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.devstack.aws.JsonApi;

/**
 * AWS Glue, emulated: {@code X-Amz-Target: AWSGlue.<Operation>}. The Data Catalog operations ({@link CatalogOperations})
 * are complete enough for Trino to use this API as its Hive metastore, so tables registered here (by a crawler or a
 * client) are what Athena-emulation queries see. Crawlers are served by {@link CrawlerOperations}.
 */
public final class GlueApi implements JsonApi {

    private final CatalogOperations catalog;
    private final CrawlerOperations crawlers;

    public GlueApi(GlueCatalog catalog, CrawlerOperations crawlers) {
        this.catalog = new CatalogOperations(catalog);
        this.crawlers = crawlers;
    }

    @Override
    public String targetPrefix() {
        return "AWSGlue";
    }

    /** By concern: Glue names every crawler operation after crawlers or crawls ({@code StartCrawler}, {@code ListCrawls}…). */
    @Override
    public Object handle(String operation, JsonNode request) {
        return operation.contains("Crawl") ? crawlers.handle(operation, request) : catalog.handle(operation, request);
    }
}
