package io.athenalake.query.messaging;

import io.athenalake.events.Message;
import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.AthenaRejectedException;
import io.athenalake.query.athena.QuerySpec;
import io.athenalake.query.athena.QueryStatus;
import io.athenalake.query.config.QueryServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Runs a query nobody waits for on the line (queue, schedule, refresh) to its end and announces the
 * outcome. Idempotent when the spec carries a client token: a second run of the same request follows
 * the same execution and announces it under the same message id.
 */
@ApplicationScoped
public class QueryRuns {

    /** How a run ended: the execution (absent when Athena refused to start it) and the message sent. */
    public record Outcome(Optional<String> queryExecutionId, Optional<QueryStatus> status, Optional<Message> announced) {
    }

    private final AthenaQueries queries;
    private final ResultAnnouncer announcer;
    private final Duration timeout;

    QueryRuns(AthenaQueries queries, ResultAnnouncer announcer, QueryServiceConfig config) {
        this.queries = queries;
        this.announcer = announcer;
        this.timeout = config.athena().backgroundTimeout();
    }

    /**
     * @throws StillRunningException when the query outlives the background timeout (the caller leaves its
     *                               trigger for redelivery, and the next attempt follows the same execution)
     */
    public Outcome run(QuerySpec spec, String source, String requestId, String correlationId, Optional<String> announceTo) {
        String id;
        try {
            id = queries.start(spec, source, source);
        } catch (AthenaRejectedException e) {
            return new Outcome(Optional.empty(), Optional.empty(),
                    announcer.rejected(requestId, source, correlationId, e.errorCode(), e.getMessage(), announceTo));
        }
        QueryStatus status = queries.await(id, timeout, source);
        if (!status.finished()) {
            throw new StillRunningException(id);
        }
        return new Outcome(Optional.of(id), Optional.of(status), announcer.announce(status, source, correlationId, announceTo));
    }

    /** The query is still running when the service stops waiting for it. */
    public static class StillRunningException extends RuntimeException {
        public StillRunningException(String queryExecutionId) {
            super("Query " + queryExecutionId + " is still running");
        }
    }
}
