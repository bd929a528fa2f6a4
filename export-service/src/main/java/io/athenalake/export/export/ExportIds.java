package io.athenalake.export.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The export task id of a snapshot, derived from its ARN alone: the same snapshot always gets the
 * same id, so a duplicate or late event starts nothing new ({@code ExportTaskAlreadyExists}).
 * Valid for RDS: starts with a letter, letters, digits and single hyphens, at most 60 characters,
 * no trailing hyphen. The hash keeps ids of long, truncated snapshot names apart.
 */
public final class ExportIds {

    public static final int MAX_LENGTH = 60;

    private ExportIds() {
    }

    public static String forSnapshot(String prefix, String snapshotArn) {
        String hash = sha256(snapshotArn).substring(0, 8);
        String readable = snapshotIdentifier(snapshotArn).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        int room = MAX_LENGTH - prefix.length() - hash.length() - 2;
        if (readable.length() > room) {
            readable = readable.substring(0, room).replaceAll("-+$", "");
        }
        return readable.isEmpty() ? prefix + "-" + hash : prefix + "-" + readable + "-" + hash;
    }

    /** The snapshot's identifier: what follows {@code snapshot:} or {@code cluster-snapshot:} in its ARN. */
    public static String snapshotIdentifier(String snapshotArn) {
        for (String marker : new String[] {":cluster-snapshot:", ":snapshot:"}) {
            int at = snapshotArn.indexOf(marker);
            if (at >= 0) {
                return snapshotArn.substring(at + marker.length());
            }
        }
        return snapshotArn;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
