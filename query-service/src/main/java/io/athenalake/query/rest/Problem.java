package io.athenalake.query.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.athenalake.query.athena.InvalidQueryRequestException.Violation;

import java.util.List;

/** RFC 9457 problem details, with the members this API adds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String queryExecutionId,
        String state,
        String errorType,
        List<Violation> invalidParams) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null, null, null, null);
    }
}
