package io.athenalake.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All of query-service's own configuration, read in one place. */
@ConfigMapping(prefix = "query-service")
public interface QueryServiceConfig {

    Aws aws();

    Athena athena();

    Polling polling();

    Queues queues();

    /** Where the record of who submitted each query is kept. */
    Owners owners();

    /** Recurring queries by name. */
    Map<String, Schedule> schedules();

    /** Queries run when {@code CatalogRefreshed} arrives for their database, by name. */
    Map<String, RefreshQuery> refreshQueries();

    interface Owners {
        /**
         * An {@code s3://bucket/prefix/} location for the ownership records; absent: {@code owners/} under the
         * result location ({@code athena.output-location}, else the default workgroup's).
         */
        Optional<String> location();
    }

    interface Aws {
        @WithDefault("us-east-1")
        String region();

        /** Endpoint override for Athena (absent in AWS: the regional endpoint). */
        Optional<URI> athenaEndpoint();

        Optional<URI> s3Endpoint();

        Optional<URI> sqsEndpoint();

        /** Path-style S3 addressing, for S3-compatible stand-ins. */
        @WithDefault("false")
        boolean s3PathStyle();

        /** Static credentials (local runs only); absent in AWS, where the default chain (task role) applies. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        @WithDefault("PT2M")
        Duration apiCallTimeout();
    }

    interface Athena {
        /** The workgroup of queries that name none. */
        @WithDefault("primary")
        String workgroup();

        /** The catalog of queries that name none. */
        @WithDefault("AwsDataCatalog")
        String catalog();

        /** Result location for workgroups that do not enforce their own. */
        Optional<String> outputLocation();

        /** The longest a REST caller may ask to wait for a result. */
        @WithDefault("PT60S")
        Duration maxWait();

        /**
         * How long queue-, schedule- and refresh-driven queries are followed before the service stops waiting. The
         * default outlasts Athena's own DML query timeout (30 minutes unless raised, at most 240), so a query is
         * followed until Athena ends it; the queue message meanwhile is kept invisible.
         */
        @WithDefault("PT4H")
        Duration backgroundTimeout();
    }

    /** Adaptive GetQueryExecution polling: quick for short queries, cheap for long ones. */
    interface Polling {
        @WithDefault("PT0.05S")
        Duration initialDelay();

        @WithDefault("PT5S")
        Duration maxDelay();

        /** The next poll comes when the query is this fraction older. */
        @WithDefault("0.1")
        double ageFraction();

        /** Attempts on throttling (TooManyRequestsException) before giving up with 429. */
        @WithDefault("6")
        int throttleAttempts();

        @WithDefault("PT0.2S")
        Duration throttleBaseDelay();
    }

    interface Queues {
        /** {@code QueryRequest} in; absent: no queue-driven queries. */
        Optional<String> requests();

        /** Where invalid requests go, with the reason (the requests queue's dead-letter queue). */
        Optional<String> requestsDlq();

        /** {@code QueryCompleted} / {@code QueryFailed} out. */
        Optional<String> results();

        /** {@code CatalogRefreshed} and other lake events in. */
        Optional<String> lakeEvents();

        Optional<String> lakeEventsDlq();

        /**
         * A FIFO queue ({@code .fifo}) of schedule firings: every replica sends each firing of a schedule there
         * (deduplicated by schedule and time, grouped by schedule) and one replica runs and announces it. Absent:
         * each replica runs and announces its own firings (one execution, but one announcement per replica).
         */
        Optional<String> scheduleFirings();

        /** Where firings of schedules this service does not know go, with the reason (FIFO, the queue's DLQ). */
        Optional<String> scheduleFiringsDlq();

        @WithDefault("true")
        boolean consume();

        /** Queries run concurrently from the queues. */
        @WithDefault("4")
        int workers();

        @WithDefault("PT5M")
        Duration visibilityTimeout();

        @WithDefault("PT10S")
        Duration waitTime();
    }

    interface Schedule {
        /** Quartz cron: seconds minutes hours day-of-month month day-of-week [year]. */
        String cron();

        @WithDefault("UTC")
        String timeZone();

        String sql();

        Optional<String> catalog();

        Optional<String> database();

        Optional<String> workgroup();

        Optional<List<String>> parameters();

        /** Queue URL that gets the result message; the results queue when absent, {@code none} for no message. */
        Optional<String> announceTo();

        /** What a firing does while the schedule's previous execution still runs. */
        @WithDefault("queue")
        Overlap overlap();

        /**
         * Firings missed while no replica ran (an outage, a deployment that stopped every replica) are run when a
         * replica starts, oldest first, back to this age; absent: missed firings are not run.
         */
        Optional<Duration> catchUp();

        enum Overlap {
            /** Waits for the previous execution to end, then runs (firings of a schedule run one at a time, in order). */
            QUEUE,
            /** Is skipped: nothing runs for it. */
            SKIP,
            /** Stops the previous execution, then runs. */
            CANCEL_PREVIOUS
        }
    }

    interface RefreshQuery {
        /** The database whose {@code CatalogRefreshed} triggers the query. */
        String database();

        Optional<String> catalog();

        String sql();

        Optional<String> workgroup();

        Optional<List<String>> parameters();

        Optional<String> announceTo();
    }
}
