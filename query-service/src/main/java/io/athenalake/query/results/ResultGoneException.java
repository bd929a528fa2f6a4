package io.athenalake.query.results;

/** The query succeeded but its result object is no longer in S3 (deleted, or expired by a lifecycle rule). */
public class ResultGoneException extends RuntimeException {

    public ResultGoneException(S3Location location) {
        super("The result object " + location + " no longer exists");
    }
}
