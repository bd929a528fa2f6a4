package io.athenalake.query.rest;

/** The roles (JWT {@code groups}) the REST API knows. */
public final class Roles {

    /** May submit and cancel queries, delete results and run schedules; may also read. */
    public static final String RUNNER = "query-runner";
    /** May read status, results and schedules. */
    public static final String READER = "query-reader";

    private Roles() {
    }
}
