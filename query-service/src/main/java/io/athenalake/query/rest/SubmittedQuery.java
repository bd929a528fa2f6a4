package io.athenalake.query.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.athenalake.query.athena.QueryStatus;
import io.athenalake.query.results.ResultPage;

/** The answer to a submission: the execution, its status, and its first page when it ended within the wait. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmittedQuery(String queryExecutionId, String state, QueryStatus status, ResultPage firstPage) {
}
