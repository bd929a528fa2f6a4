package io.athenalake.export.export;

import java.util.List;

/** The DB instances and clusters whose snapshots are exported: exact identifiers, or prefixes ending in {@code *}. */
public record SourceAllowList(List<String> entries) {

    public boolean allows(String sourceIdentifier) {
        return sourceIdentifier != null && entries.stream().anyMatch(entry -> entry.endsWith("*")
                ? sourceIdentifier.startsWith(entry.substring(0, entry.length() - 1))
                : sourceIdentifier.equals(entry));
    }
}
