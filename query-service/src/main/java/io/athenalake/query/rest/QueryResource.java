package io.athenalake.query.rest;

import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.InvalidQueryRequestException;
import io.athenalake.query.athena.InvalidQueryRequestException.Violation;
import io.athenalake.query.athena.QueryInput;
import io.athenalake.query.athena.QueryNotSucceededException;
import io.athenalake.query.athena.QuerySpec;
import io.athenalake.query.athena.QuerySpecValidator;
import io.athenalake.query.athena.QueryStatus;
import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.query.results.QueryResults;
import io.athenalake.query.results.ResultPage;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Queries on demand: submit, follow, read, download, cancel, clean up. */
@Path("/queries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "queries")
@SecurityRequirement(name = "jwt")
public class QueryResource {

    static final String SOURCE = "rest";
    private static final Pattern EXECUTION_ID = Pattern.compile("[A-Za-z0-9-]{1,128}");
    private static final int DEFAULT_PAGE_SIZE = 100;

    private final AthenaQueries queries;
    private final QueryResults results;
    private final QuerySpecValidator validator;
    private final QueryServiceConfig config;

    QueryResource(AthenaQueries queries, QueryResults results, QuerySpecValidator validator, QueryServiceConfig config) {
        this.queries = queries;
        this.results = results;
        this.validator = validator;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RUNNER)
    @Operation(summary = "Submit a query", description = "Answers 202 with the execution id at once, or, with waitSeconds, "
            + "200 with the first page when the query succeeds within the wait (422 when it fails).")
    public Response submit(SubmitQuery body) {
        if (body == null) {
            throw InvalidQueryRequestException.of("body", "a JSON object with at least sql is required");
        }
        List<Violation> violations = new ArrayList<>();
        long maxWait = config.athena().maxWait().toSeconds();
        if (body.waitSeconds() != null && (body.waitSeconds() < 0 || body.waitSeconds() > maxWait)) {
            violations.add(new Violation("waitSeconds", "must be between 0 and " + maxWait));
        }
        if (body.pageSize() != null && (body.pageSize() < 1 || body.pageSize() > QueryResults.MAX_PAGE_SIZE)) {
            violations.add(new Violation("pageSize", "must be between 1 and " + QueryResults.MAX_PAGE_SIZE));
        }
        QuerySpec spec = validator.spec(new QueryInput(body.sql(), body.catalog(), body.database(), body.workgroup(),
                body.parameters(), body.resultReuseMaxAgeMinutes(), body.bytesScannedBudget(), body.idempotencyKey()),
                SOURCE, violations);
        String id = queries.start(spec, SOURCE);
        URI location = URI.create("/queries/" + id);
        int wait = body.waitSeconds() == null ? 0 : body.waitSeconds();
        if (wait == 0) {
            return Response.accepted(new SubmittedQuery(id, "QUEUED", null, null)).location(location).build();
        }
        QueryStatus status = queries.await(id, Duration.ofSeconds(wait), SOURCE);
        if (!status.finished()) {
            return Response.accepted(new SubmittedQuery(id, status.state(), status, null)).location(location).build();
        }
        if (!status.succeeded()) {
            throw new QueryNotSucceededException(status);
        }
        ResultPage page = results.page(id, body.pageSize() == null ? DEFAULT_PAGE_SIZE : body.pageSize(), null, status);
        return Response.ok(new SubmittedQuery(id, status.state(), status, page)).location(location).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.READER, Roles.RUNNER})
    @Operation(summary = "Status of a query: state, Athena's reason, timings, bytes scanned")
    public QueryStatus status(@PathParam("id") String id) {
        return queries.status(checkId(id));
    }

    @GET
    @Path("{id}/results")
    @RolesAllowed({Roles.READER, Roles.RUNNER})
    @Operation(summary = "A page of typed rows", description = "Values as JSON types by Athena's column types; "
            + "pass nextToken from the previous page for the next one.")
    public ResultPage page(@PathParam("id") String id,
                           @QueryParam("pageSize") @DefaultValue("100") String pageSize,
                           @QueryParam("nextToken") String nextToken) {
        checkId(id);
        int size = parsePageSize(pageSize);
        if (nextToken != null && (nextToken.isEmpty() || nextToken.length() > 2048)) {
            throw InvalidQueryRequestException.of("nextToken", "must be a token from a previous page");
        }
        return results.page(id, size, nextToken);
    }

    @GET
    @Path("{id}/results.csv")
    @Produces("text/csv")
    @RolesAllowed({Roles.READER, Roles.RUNNER})
    @Operation(summary = "The whole result as CSV, streamed from its object in S3 (header row first)")
    public Response csv(@PathParam("id") String id) {
        QueryResults.OpenResult result = results.open(checkId(id), false);
        StreamingOutput body = out -> QueryResults.writeCsv(result, out);
        return Response.ok(body, "text/csv")
                .header("Content-Disposition", "attachment; filename=\"" + id + ".csv\"").build();
    }

    @GET
    @Path("{id}/results.jsonl")
    @Produces("application/jsonl")
    @RolesAllowed({Roles.READER, Roles.RUNNER})
    @Operation(summary = "The whole result as JSON lines (one typed object per row), streamed from its object in S3")
    public Response jsonLines(@PathParam("id") String id) {
        QueryResults.OpenResult result = results.open(checkId(id), true);
        StreamingOutput body = out -> QueryResults.writeJsonLines(result, out);
        return Response.ok(body, "application/jsonl")
                .header("Content-Disposition", "attachment; filename=\"" + id + ".jsonl\"").build();
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed(Roles.RUNNER)
    @Operation(summary = "Cancel a query (no effect on a query that has ended)")
    public QueryStatus cancel(@PathParam("id") String id) {
        return queries.cancel(checkId(id));
    }

    @DELETE
    @Path("{id}/results")
    @RolesAllowed(Roles.RUNNER)
    @Operation(summary = "Delete a finished query's result objects (the data file and its .metadata)")
    public Map<String, Object> deleteResults(@PathParam("id") String id) {
        return Map.of("queryExecutionId", id, "deleted", results.delete(checkId(id)));
    }

    private static String checkId(String id) {
        if (id == null || !EXECUTION_ID.matcher(id).matches()) {
            throw InvalidQueryRequestException.of("id", "must be an Athena query execution id (letters, digits and -)");
        }
        return id;
    }

    private static int parsePageSize(String pageSize) {
        try {
            int size = Integer.parseInt(pageSize);
            if (size >= 1 && size <= QueryResults.MAX_PAGE_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw InvalidQueryRequestException.of("pageSize", "must be a whole number between 1 and " + QueryResults.MAX_PAGE_SIZE);
    }
}
