package io.athenalake.query.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.query.config.QueryServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who submitted each query, kept in S3 (not in memory, not in Athena, which has no per-execution tags), so
 * that any replica answers for any query and the record outlives a restart:
 * <ul>
 *   <li>{@code <location>by-id/<execution id>.json}: the owner, the source and Athena's submission time;</li>
 *   <li>{@code <location>by-owner/<owner, base64url>/<19 digits: Long.MAX_VALUE - submitted millis>_<execution id>}:
 *       an empty object per query, so that listing an owner's prefix gives their queries newest first.</li>
 * </ul>
 * Both keys are derived from the execution (its id and Athena's submission time), so recording the same
 * execution again (a retried request with the same idempotency key, a redelivered message, every replica
 * sending the same schedule firing) writes the same two objects.
 */
@ApplicationScoped
public class QueryOwners {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTING_KEY = Pattern.compile("\\d{19}_[A-Za-z0-9-]{1,128}");

    private final S3Client s3;
    private final ResultLocation results;
    private final QueryServiceConfig config;
    private volatile Location location;

    public QueryOwners(S3Client s3, ResultLocation results, QueryServiceConfig config) {
        this.s3 = s3;
        this.results = results;
        this.config = config;
    }

    /** A query's owner: {@code user:<token subject>} for REST, the source (e.g. {@code queue}) otherwise. */
    public record Owner(String owner, String source, Instant submitted) {
    }

    /** One query in an owner's listing; {@code key} is where the next page starts after it. */
    public record Entry(String queryExecutionId, Instant submitted, String key) {
    }

    /** A slice of an owner's listing, newest first; {@code exhausted} when nothing older is left in the range. */
    public record Slice(List<Entry> entries, boolean exhausted) {
    }

    public void record(String queryExecutionId, Owner owner) {
        Location at = location();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("owner", owner.owner());
        body.put("source", owner.source());
        body.put("submitted", owner.submitted().toString());
        try {
            s3.putObject(r -> r.bucket(at.bucket()).key(at.prefix() + "by-id/" + queryExecutionId + ".json")
                    .contentType("application/json"), RequestBody.fromBytes(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s3.putObject(r -> r.bucket(at.bucket()).key(ownerPrefix(at, owner.owner()) + listingKey(owner.submitted(), queryExecutionId)),
                RequestBody.empty());
    }

    /** The query's owner, or empty when none was recorded (no such query, or one started before owners were kept). */
    public Optional<String> ownerOf(String queryExecutionId) {
        Location at = location();
        try {
            JsonNode record = JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(at.bucket())
                    .key(at.prefix() + "by-id/" + queryExecutionId + ".json")).asByteArray());
            return Optional.ofNullable(record.path("owner").textValue());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Up to {@code limit} of the owner's queries submitted in {@code [since, until]}, newest first, after the
     * listing key {@code after} (from a previous {@link Entry#key()}) when given.
     */
    public Slice list(String owner, Optional<Instant> since, Optional<Instant> until, Optional<String> after, int limit) {
        Location at = location();
        String prefix = ownerPrefix(at, owner);
        String startAfter = after.map(key -> prefix + key)
                .or(() -> until.map(time -> prefix + String.format("%019d", Long.MAX_VALUE - time.toEpochMilli() - 1) + "~"))
                .orElse(null);
        ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(at.bucket()).prefix(prefix).startAfter(startAfter)
                .maxKeys(limit));
        List<Entry> entries = new ArrayList<>();
        for (S3Object object : page.contents()) {
            String key = object.key().substring(prefix.length());
            if (!LISTING_KEY.matcher(key).matches()) {
                continue;
            }
            Instant submitted = Instant.ofEpochMilli(Long.MAX_VALUE - Long.parseLong(key.substring(0, 19)));
            if (since.isPresent() && submitted.isBefore(since.get().truncatedTo(ChronoUnit.MILLIS))) {
                return new Slice(entries, true);
            }
            entries.add(new Entry(key.substring(20), submitted, key));
        }
        return new Slice(entries, !Boolean.TRUE.equals(page.isTruncated()));
    }

    /** Whether {@code key} is a listing key this service hands out as a page token. */
    public static boolean isListingKey(String key) {
        return key != null && LISTING_KEY.matcher(key).matches();
    }

    static String listingKey(Instant submitted, String queryExecutionId) {
        return String.format("%019d", Long.MAX_VALUE - submitted.toEpochMilli()) + "_" + queryExecutionId;
    }

    private static String ownerPrefix(Location at, String owner) {
        return at.prefix() + "by-owner/"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(owner.getBytes(StandardCharsets.UTF_8)) + "/";
    }

    /** {@code owners.location}, else {@code owners/} under the service's {@link ResultLocation}. */
    private Location location() {
        Location at = location;
        if (at == null) {
            at = Location.parse(config.owners().location().orElseGet(() -> results.root() + "owners/"));
            location = at;
        }
        return at;
    }

    private record Location(String bucket, String prefix) {
        static Location parse(String uri) {
            if (!uri.startsWith("s3://") || uri.length() <= "s3://".length()) {
                throw new IllegalStateException("query-service.owners.location must be an s3://bucket/prefix/ location: " + uri);
            }
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : withSlashOrEmpty(rest.substring(slash + 1));
            return new Location(bucket, prefix);
        }

        private static String withSlashOrEmpty(String prefix) {
            return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        }
    }
}
