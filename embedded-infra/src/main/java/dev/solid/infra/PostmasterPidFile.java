package dev.solid.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a running PostgreSQL writes to {@code postmaster.pid} in its data directory: its process id
 * (line 1), port (line 4) and, since PostgreSQL 10, its state (line 8: {@code starting}, {@code
 * ready}, {@code stopping} or {@code standby}). The file goes away shortly before the postmaster
 * exits, so the process id, not the file, tells whether it has.
 */
public record PostmasterPidFile(long pid, int port, String status) {
  public static final String FILE_NAME = "postmaster.pid";

  /** The file in {@code dataDirectory}, when there is one a postmaster has finished writing. */
  public static Optional<PostmasterPidFile> read(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(file);
      if (lines.size() < 4) {
        return Optional.empty(); // being written
      }
      String status = lines.size() >= 8 ? lines.get(7).trim() : "";
      return Optional.of(
          new PostmasterPidFile(
              Long.parseLong(lines.get(0).trim()), Integer.parseInt(lines.get(3).trim()), status));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // gone or half-written while we read it
    }
  }

  public boolean stopping() {
    return "stopping".equals(status);
  }

  /**
   * The postmaster's process, while it runs. A file left behind by a crash may name a process id
   * that another program has since been given: that one is not a postmaster.
   */
  public Optional<ProcessHandle> process() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
  }
}
