package io.athenalake.query.athena;

/** Athena knows no query execution with this id. */
public class QueryNotFoundException extends RuntimeException {

    private final String queryExecutionId;

    public QueryNotFoundException(String queryExecutionId) {
        super("No query execution " + queryExecutionId);
        this.queryExecutionId = queryExecutionId;
    }

    public String queryExecutionId() {
        return queryExecutionId;
    }
}
