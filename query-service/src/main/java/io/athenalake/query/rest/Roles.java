package io.athenalake.query.rest;

/** The roles (JWT {@code groups}) the REST API knows. */
public final class Roles {

    /** May submit and cancel queries, delete results and run schedules; may also read. */
    public static final String RUNNER = "query-runner";
    /** May read status, results and schedules. */
    public static final String READER = "query-reader";
    /**
     * May read every query, whoever submitted it (with {@link #RUNNER}, also cancel it and delete its results);
     * without it a caller sees only their own queries, and another's answers 404 as if it did not exist.
     */
    public static final String ADMIN = "query-admin";

    private Roles() {
    }
}
