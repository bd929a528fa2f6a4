package io.athenalake.query.athena;

/** Results were asked of a query that has not succeeded (still running, failed or cancelled). */
public class QueryNotSucceededException extends RuntimeException {

    private final QueryStatus status;

    public QueryNotSucceededException(QueryStatus status) {
        super(status.finished()
                ? "Query " + status.queryExecutionId() + " " + status.state() + ": " + status.reason()
                : "Query " + status.queryExecutionId() + " is " + status.state() + "; results exist once it SUCCEEDED");
        this.status = status;
    }

    public QueryStatus status() {
        return status;
    }
}
