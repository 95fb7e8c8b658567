package dev.solid.deploy;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * The launcher's data directory. A marker file proves the directory is ours, so {@code --reset}
 * never wipes a directory someone pointed {@code SOLID_DATA_DIR} at by mistake.
 */
final class DataDirectory {
  static final String MARKER = ".solid-data-directory";

  private DataDirectory() {}

  static void prepare(Path directory, boolean reset, Console console) {
    try {
      if (reset && Files.exists(directory)) {
        if (!Files.exists(directory.resolve(MARKER)) && !isEmpty(directory)) {
          throw new StartupException(
              "Refusing to wipe "
                  + directory
                  + ": it has no "
                  + MARKER
                  + " file, so it was not created by this launcher");
        }
        deleteRecursively(directory);
        console.info("Wiped the data directory %s", directory);
      }
      Files.createDirectories(directory);
      Path marker = directory.resolve(MARKER);
      if (!Files.exists(marker)) {
        Files.writeString(marker, "Data of the Solid local platform (deploy/local/run).\n");
      }
    } catch (IOException e) {
      throw new StartupException("Could not prepare " + directory + ": " + e.getMessage(), e);
    }
  }

  private static boolean isEmpty(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    }
  }

  static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    Files.walkFileTree(
        directory,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
