package io.athenalake.query.results;

/** A result column as Athena's result metadata describes it. */
public record Column(String name, String type, Integer precision, Integer scale, Boolean nullable) {
}
