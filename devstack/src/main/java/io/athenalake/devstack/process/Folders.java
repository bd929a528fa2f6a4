package io.athenalake.devstack.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system chores of the launcher. */
public final class Folders {

    private Folders() {
    }

    /** Deletes a folder and everything below it (links are removed, not followed). */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** An empty folder at {@code path}, whatever was there before. */
    public static Path fresh(Path path) throws IOException {
        deleteRecursively(path);
        return Files.createDirectories(path);
    }
}
