package io.athenalake.devstack.rds;

import java.time.Instant;

/** A DB or cluster snapshot of the devstack's PostgreSQL database. */
record Snapshot(String identifier, String sourceIdentifier, String arn, boolean cluster, boolean automated,
                Instant created) {

    String eventIdCreated() {
        return cluster ? (automated ? "RDS-EVENT-0169" : "RDS-EVENT-0075") : (automated ? "RDS-EVENT-0091" : "RDS-EVENT-0042");
    }

    String detailType() {
        return cluster ? "RDS DB Cluster Snapshot Event" : "RDS DB Snapshot Event";
    }

    String sourceType() {
        return cluster ? "CLUSTER_SNAPSHOT" : "SNAPSHOT";
    }

    String type() {
        return automated ? "automated" : "manual";
    }
}
