package io.athenalake.devstack.glue;

import java.util.ArrayList;
import java.util.List;

/** What one crawl changed and skipped, reported in its {@code Glue Crawler State Change} event. */
final class CrawlCounts {
    int tablesCreated;
    int tablesUpdated;
    int partitionsCreated;
    int partitionsUpdated;
    int partitionsDeleted;
    int tablesDeleted;
    final List<String> warnings = new ArrayList<>();
}
