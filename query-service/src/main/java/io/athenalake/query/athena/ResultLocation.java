package io.athenalake.query.athena;

import io.athenalake.query.config.QueryServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.WorkGroup;

/**
 * Where the service keeps what it writes beside Athena's results (owner records, parquet results): the configured
 * {@code athena.output-location}, else the result location of the service's workgroup, read once from Athena.
 */
@ApplicationScoped
public class ResultLocation {

    private final AthenaClient athena;
    private final AthenaCalls calls;
    private final QueryServiceConfig config;
    private volatile String root;

    public ResultLocation(AthenaClient athena, AthenaCalls calls, QueryServiceConfig config) {
        this.athena = athena;
        this.calls = calls;
        this.config = config;
    }

    /** The result location as {@code s3://bucket/prefix/} (always ending with a slash). */
    public String root() {
        String at = root;
        if (at == null) {
            at = config.athena().outputLocation().orElseGet(this::workgroupOutputLocation);
            at = at.endsWith("/") ? at : at + "/";
            root = at;
        }
        return at;
    }

    private String workgroupOutputLocation() {
        String name = config.athena().workgroup();
        WorkGroup workGroup = calls.call(() -> athena.getWorkGroup(r -> r.workGroup(name))).workGroup();
        if (workGroup.configuration() == null || workGroup.configuration().resultConfiguration() == null
                || workGroup.configuration().resultConfiguration().outputLocation() == null) {
            throw new IllegalStateException("Workgroup " + name + " has no result location and "
                    + "query-service.athena.output-location is not set: there is nowhere to keep owner records "
                    + "and parquet results (set query-service.owners.location for the owners)");
        }
        return workGroup.configuration().resultConfiguration().outputLocation();
    }
}
