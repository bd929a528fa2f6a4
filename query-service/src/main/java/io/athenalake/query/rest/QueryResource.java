package io.athenalake.query.rest;

import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.InvalidQueryRequestException;
import io.athenalake.query.athena.InvalidQueryRequestException.Violation;
import io.athenalake.query.athena.QueryInput;
import io.athenalake.query.athena.QueryLog;
import io.athenalake.query.athena.QueryMetrics;
import io.athenalake.query.athena.QueryNotFoundException;
import io.athenalake.query.athena.QueryNotSucceededException;
import io.athenalake.query.athena.QueryOwners;
import io.athenalake.query.athena.QuerySpec;
import io.athenalake.query.athena.QuerySpecValidator;
import io.athenalake.query.athena.QueryStatus;
import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.query.results.QueryResults;
import io.athenalake.query.results.ResultPage;
import io.athenalake.query.results.CountedRows;
import io.athenalake.query.results.ResultRows;
import io.athenalake.query.results.ResultWriters;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Queries on demand: submit, follow, read, download, cancel, clean up, list. Each caller sees only the queries
 * they submitted (a query of someone else answers 404, as one that does not exist); {@link Roles#ADMIN} sees all.
 */
@Path("/queries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "queries")
@SecurityRequirement(name = "jwt")
public class QueryResource {

    static final String SOURCE = "rest";
    private static final Logger LOG = Logger.getLogger(QueryResource.class);
    static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";
    private static final Pattern EXECUTION_ID = Pattern.compile("[A-Za-z0-9-]{1,128}");
    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_LIST_PAGE_SIZE = 50;
    private static final Set<String> STATES = Set.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED");

    private final AthenaQueries queries;
    private final QueryResults results;
    private final QuerySpecValidator validator;
    private final QueryServiceConfig config;
    private final QueryOwners owners;
    private final QueryMetrics metrics;
    private final JsonWebToken token;
    private final SecurityIdentity identity;

    QueryResource(AthenaQueries queries, QueryResults results, QuerySpecValidator validator, QueryServiceConfig config,
                  QueryOwners owners, QueryMetrics metrics, JsonWebToken token, SecurityIdentity identity) {
        this.queries = queries;
        this.results = results;
        this.validator = validator;
        this.config = config;
        this.owners = owners;
        this.metrics = metrics;
        this.token = token;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RUNNER)
    @Operation(summary = "Submit a query", description = "Answers 202 with the execution id at once, or, with waitSeconds, "
            + "200 with the first page when the query succeeds within the wait (422 when it fails).")
    public Response submit(SubmitQuery body, @Context HttpServerRequest http) {
        String caller = caller();
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
                body.parameters(), body.resultReuseMaxAgeMinutes(), body.bytesScannedBudget(), body.idempotencyKey(), body.resultFormat()),
                caller, violations);
        String id = queries.start(spec, SOURCE, caller);
        URI location = URI.create("/queries/" + id);
        int wait = body.waitSeconds() == null ? 0 : body.waitSeconds();
        if (wait == 0) {
            return Response.accepted(new SubmittedQuery(id, "QUEUED", null, null)).location(location).build();
        }
        QueryStatus status = queries.await(id, Duration.ofSeconds(wait), SOURCE, () -> http.response().closed());
        if (!status.finished() && http.response().closed()) {
            if (Boolean.TRUE.equals(body.cancelOnDisconnect())) {
                QueryLog.info(LOG, id, SOURCE, "The caller waiting for query %s went away: cancelling it (cancelOnDisconnect)", id);
                queries.cancel(id);
            }
            return Response.status(Response.Status.REQUEST_TIMEOUT).build(); // no one reads it
        }
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
    @RolesAllowed({Roles.READER, Roles.RUNNER, Roles.ADMIN})
    @Operation(summary = "The caller's queries, newest first", description = "From Athena's history (45 days) and the "
            + "record of who submitted each query. Filter by state (repeatable) and by submission time (ISO-8601 "
            + "instants, both ends inclusive); pass nextToken from the previous page. A page may hold fewer than "
            + "pageSize queries and still have a nextToken when a filter skipped many. With the query-admin role, "
            + "owner lists another owner's queries (user:<subject>, queue, schedule:<name>, refresh:<name>).")
    public QueryList list(@QueryParam("state") List<String> state,
                          @QueryParam("since") @Parameter(description = "e.g. 2026-12-01T00:00:00Z") String since,
                          @QueryParam("until") String until,
                          @QueryParam("pageSize") @DefaultValue("25") String pageSize,
                          @QueryParam("nextToken") String nextToken,
                          @QueryParam("owner") String owner) {
        List<Violation> violations = new ArrayList<>();
        Set<String> states = new LinkedHashSet<>();
        for (String value : state == null ? List.<String>of() : state) {
            if (STATES.contains(value)) {
                states.add(value);
            } else {
                violations.add(new Violation("state", "must be one of " + STATES.stream().sorted().toList()));
            }
        }
        Optional<Instant> from = instant("since", since, violations);
        Optional<Instant> to = instant("until", until, violations);
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            violations.add(new Violation("since", "must not be after until"));
        }
        int size = 0;
        try {
            size = Integer.parseInt(pageSize);
        } catch (NumberFormatException e) {
            // reported below
        }
        if (size < 1 || size > MAX_LIST_PAGE_SIZE) {
            violations.add(new Violation("pageSize", "must be a whole number between 1 and " + MAX_LIST_PAGE_SIZE));
        }
        Optional<String> after = Optional.ofNullable(nextToken).flatMap(QueryResource::listingKey);
        if (nextToken != null && after.isEmpty()) {
            violations.add(new Violation("nextToken", "must be a token from a previous page"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidQueryRequestException(violations);
        }
        String whose = caller();
        if (owner != null && !owner.equals(whose)) {
            if (!identity.hasRole(Roles.ADMIN)) {
                throw new ForbiddenException("Only query-admin may list another owner's queries");
            }
            whose = owner;
        }
        AthenaQueries.History history = queries.history(whose, states, from, to, after, size);
        return new QueryList(history.queries(), history.nextKey() == null ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(history.nextKey().getBytes(StandardCharsets.UTF_8)));
    }

    /** A page of the caller's queries. */
    public record QueryList(List<QueryStatus> queries, String nextToken) {
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.READER, Roles.RUNNER, Roles.ADMIN})
    @Operation(summary = "Status of a query: state, Athena's reason, timings, bytes scanned")
    public QueryStatus status(@PathParam("id") String id) {
        return queries.status(visible(id));
    }

    @GET
    @Path("{id}/results")
    @RolesAllowed({Roles.READER, Roles.RUNNER, Roles.ADMIN})
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
        visible(id);
        return results.page(id, size, nextToken);
    }

    @GET
    @Path("{id}/results.csv")
    @Produces("text/csv")
    @RolesAllowed({Roles.READER, Roles.RUNNER, Roles.ADMIN})
    @Operation(summary = "The whole result as CSV (header row first), streamed from S3", description = "A csv result "
            + "byte for byte as Athena wrote it; a parquet result written in Athena's CSV style from its files.")
    public Response csv(@PathParam("id") String id, @Context HttpServerRequest http) {
        return download(id, "csv", results.rows(visible(id)), ResultWriters::csv, http);
    }

    @GET
    @Path("{id}/results.jsonl")
    @Produces("application/jsonl")
    @RolesAllowed({Roles.READER, Roles.RUNNER, Roles.ADMIN})
    @Operation(summary = "The whole result as JSON lines (one typed object per row), streamed from S3")
    public Response jsonLines(@PathParam("id") String id, @Context HttpServerRequest http) {
        return download(id, "jsonl", results.rows(visible(id)), ResultWriters::jsonLines, http);
    }

    @GET
    @Path("{id}/results.arrow")
    @Produces(ARROW_STREAM)
    @RolesAllowed({Roles.READER, Roles.RUNNER, Roles.ADMIN})
    @Operation(summary = "The whole result as an Arrow IPC stream, streamed from S3", description = "Integers, floating "
            + "point, decimal, boolean, date and timestamp columns as Arrow's own types; varchar and every other type "
            + "(varbinary, arrays, maps, rows) as UTF-8 text as Athena prints it. Record batches of up to 8,192 rows or about 8 MB.")
    public Response arrow(@PathParam("id") String id, @Context HttpServerRequest http) {
        return download(id, "arrow", results.rows(visible(id)), ResultWriters::arrow, http);
    }

    /** How a download writes rows. */
    private interface RowWriter {
        long write(ResultRows rows, OutputStream out) throws IOException;
    }

    /**
     * Streams the rows (already opened, so a missing result is an error answer, not a cut-off body). When the client
     * goes away, the write fails, the rows are closed and nothing more is read from S3.
     */
    private Response download(String id, String format, ResultRows opened, RowWriter writer, HttpServerRequest http) {
        CountedRows rows = new CountedRows(opened);
        StreamingOutput body = out -> {
            try {
                writer.write(rows, new ClientStream(out, http));
                metrics.download(format, "complete", rows.read());
            } catch (IOException | RuntimeException | Error e) {
                boolean gone = http.response().closed();
                metrics.download(format, gone ? "aborted" : "failed", rows.read());
                LOG.infof("Download of %s as %s stopped after %d rows (%s): %s", id, format, rows.read(),
                        gone ? "the client went away" : "failed", e.toString());
                if (!gone) {
                    // The status line went out with the first bytes: only a broken connection tells the client
                    // that the body is cut short (an ended chunked body would read as a complete, shorter result).
                    http.response().reset();
                }
                throw e;
            } finally {
                rows.close();
            }
        };
        String type = switch (format) {
            case "arrow" -> ARROW_STREAM;
            case "jsonl" -> "application/jsonl";
            default -> "text/csv";
        };
        String extension = "arrow".equals(format) ? "arrows" : format;
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + id + "." + extension + "\"").build();
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed(Roles.RUNNER)
    @Operation(summary = "Cancel a query (no effect on a query that has ended)")
    public QueryStatus cancel(@PathParam("id") String id) {
        return queries.cancel(visible(id));
    }

    @DELETE
    @Path("{id}/results")
    @RolesAllowed(Roles.RUNNER)
    @Operation(summary = "Delete a finished query's result objects (the data file and its .metadata)")
    public Map<String, Object> deleteResults(@PathParam("id") String id) {
        return Map.of("queryExecutionId", id, "deleted", results.delete(visible(id)));
    }

    /** The id, when the caller may see that query: their own, or any with {@link Roles#ADMIN}; else 404. */
    private String visible(String id) {
        checkId(id);
        if (identity.hasRole(Roles.ADMIN)) {
            return id;
        }
        if (!owners.ownerOf(id).map(caller()::equals).orElse(false)) {
            throw new QueryNotFoundException(id);
        }
        return id;
    }

    /** The caller as an owner: {@code user:} and the token's subject (else its name: upn, preferred_username). */
    private String caller() {
        String subject = token.getSubject() != null ? token.getSubject() : token.getName();
        if (subject == null || subject.isBlank()) {
            throw new ForbiddenException("The token names no subject");
        }
        return "user:" + subject;
    }

    private static Optional<Instant> instant(String field, String value, List<Violation> violations) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z"));
            return Optional.empty();
        }
    }

    private static Optional<String> listingKey(String nextToken) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
            return QueryOwners.isListingKey(key) ? Optional.of(key) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
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
