package io.athenalake.query.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.athenalake.query.athena.InvalidQueryRequestException.Violation;
import java.util.List;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.athenalake.query.athena.AthenaRejectedException;
import io.athenalake.query.athena.InvalidQueryRequestException;
import io.athenalake.query.athena.QueryNotFoundException;
import io.athenalake.query.athena.QueryNotSucceededException;
import io.athenalake.query.athena.QueryStatus;
import io.athenalake.query.athena.ThrottledException;
import io.athenalake.query.results.ResultGoneException;
import io.athenalake.query.schedule.UnknownScheduleException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure as {@code application/problem+json}, with the reason a caller can act on. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidQueryRequestException e) {
        return answer(new Problem("about:blank", "Invalid request", 400, e.getMessage(), null, null, null, null,
                e.violations()));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return unreadableBody(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonParseException e) {
        return unreadableBody(e);
    }

    @ServerExceptionMapper
    public Response unreadable(MismatchedInputException e) {
        return unreadableBody(e);
    }

    @ServerExceptionMapper
    public Response unreadable(UnrecognizedPropertyException e) {
        return unreadableBody(e);
    }

    private static Response unreadableBody(JsonProcessingException e) {
        String detail = "The body is not valid JSON for this request: " + e.getOriginalMessage();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                if (reference.getFieldName() != null) {
                    field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
                } else if (reference.getIndex() >= 0) {
                    field.append('[').append(reference.getIndex()).append(']');
                }
            }
            return answer(new Problem("about:blank", "Invalid request", 400, detail, null, null, null, null,
                    List.of(new Violation(field.toString(), e.getOriginalMessage()))));
        }
        return answer(Problem.of(400, "Invalid request", detail));
    }

    @ServerExceptionMapper
    public Response notFound(QueryNotFoundException e) {
        return answer(new Problem("about:blank", "Query not found", 404, e.getMessage(), null, e.queryExecutionId(),
                null, null, null));
    }

    @ServerExceptionMapper
    public Response rejected(AthenaRejectedException e) {
        return answer(new Problem("about:blank", "Rejected by Athena", 400, e.getMessage(), null, null, null,
                e.errorCode(), null));
    }

    @ServerExceptionMapper
    public Response notSucceeded(QueryNotSucceededException e) {
        QueryStatus status = e.status();
        boolean ended = status.finished();
        return answer(new Problem("about:blank", ended ? "Query " + status.state().toLowerCase() : "Query not finished",
                ended ? 422 : 409, ended ? status.reason() : e.getMessage(), null, status.queryExecutionId(),
                status.state(), status.errorType(), null));
    }

    @ServerExceptionMapper
    public Response unknownSchedule(UnknownScheduleException e) {
        return answer(Problem.of(404, "Schedule not found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response gone(ResultGoneException e) {
        return answer(Problem.of(410, "Result deleted", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response throttled(ThrottledException e) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", seconds)
                .entity(Problem.of(429, "Too many requests", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 401 || status == 403) {
            return e.getResponse();
        }
        return answer(Problem.of(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage()));
    }

    private static Response answer(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
