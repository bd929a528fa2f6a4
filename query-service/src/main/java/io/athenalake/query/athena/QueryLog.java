package io.athenalake.query.athena;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Log lines about one query carry its execution id and source as fields ({@code queryExecutionId=…
 * source=…} in the logfmt console format), so a log search finds everything about a query.
 */
public final class QueryLog {

    public static final String QUERY_EXECUTION_ID = "queryExecutionId";
    public static final String SOURCE = "source";

    private QueryLog() {
    }

    public static void info(Logger log, String queryExecutionId, String source, String format, Object... args) {
        with(queryExecutionId, source, () -> log.infof(format, args));
    }

    public static void warn(Logger log, String queryExecutionId, String source, String format, Object... args) {
        with(queryExecutionId, source, () -> log.warnf(format, args));
    }

    private static void with(String queryExecutionId, String source, Runnable logging) {
        Object previousId = MDC.get(QUERY_EXECUTION_ID);
        Object previousSource = MDC.get(SOURCE);
        if (queryExecutionId != null) {
            MDC.put(QUERY_EXECUTION_ID, queryExecutionId);
        }
        if (source != null) {
            MDC.put(SOURCE, source);
        }
        try {
            logging.run();
        } finally {
            restore(QUERY_EXECUTION_ID, previousId);
            restore(SOURCE, previousSource);
        }
    }

    private static void restore(String key, Object previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
