package io.athenalake.query.athena;

import java.util.List;
import java.util.stream.Collectors;

/** A request that cannot be run as given: every violated rule, by field. */
public class InvalidQueryRequestException extends RuntimeException {

    public record Violation(String field, String reason) {
    }

    private final List<Violation> violations;

    public InvalidQueryRequestException(List<Violation> violations) {
        super(violations.stream().map(v -> v.field() + ": " + v.reason()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public static InvalidQueryRequestException of(String field, String reason) {
        return new InvalidQueryRequestException(List.of(new Violation(field, reason)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
