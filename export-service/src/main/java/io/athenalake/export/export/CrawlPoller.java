package io.athenalake.export.export;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The fallback for a lost {@code Glue Crawler State Change} event (an EventBridge rule changed, a message
 * dead-lettered, a crawl that finished while the service was down): every
 * {@code athena-lake.crawl-poll-interval}, exports waiting for a crawl are settled from what GetCrawler
 * says about the last finished crawl. Cheap when nothing waits (one S3 list); idempotent with the event path.
 */
@ApplicationScoped
public class CrawlPoller {

    private static final Logger LOG = Logger.getLogger(CrawlPoller.class);

    private final ExportWorkflow workflow;

    CrawlPoller(ExportWorkflow workflow) {
        this.workflow = workflow;
    }

    @Scheduled(identity = "crawl-poller", every = "${athena-lake.crawl-poll-interval}", delayed = "${athena-lake.crawl-poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            int settled = workflow.settleCrawls("polling");
            if (settled > 0) {
                LOG.infof("polling settled %d exports whose crawl had finished", settled);
            }
        } catch (RuntimeException e) {
            LOG.warnf("polling the crawler failed, tried again at the next interval: %s", e.toString());
        }
    }
}
