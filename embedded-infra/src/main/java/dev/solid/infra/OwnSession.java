package dev.solid.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a child process in a session (and so a process group) of its own. Ctrl-C in a terminal sends
 * SIGINT to the whole foreground process group: without this, the Kafka broker and the services
 * would all stop at once with their parent, in no order, and consumers whose broker was already
 * gone could not leave their groups (the next start then waited for them). In a session of its own,
 * a child gets only the signals its parent sends it, in the order the parent chooses.
 *
 * <p>{@code setsid} (util-linux) where there is one, else Perl's {@code POSIX::setsid}; both exec
 * the command, so the child keeps the process id the parent knows. Where neither exists, the
 * command runs as it is.
 */
public final class OwnSession {
  private static final Optional<List<String>> PREFIX = prefix();

  private OwnSession() {}

  /** The command, run in a new session where the system allows it. */
  public static List<String> command(List<String> command) {
    List<String> full = new ArrayList<>(PREFIX.orElse(List.of()));
    full.addAll(command);
    return full;
  }

  private static Optional<List<String>> prefix() {
    for (String dir : new String[] {"/usr/bin", "/bin"}) {
      if (Files.isExecutable(Path.of(dir, "setsid"))) {
        return Optional.of(List.of(dir + "/setsid"));
      }
    }
    for (String dir : new String[] {"/usr/bin", "/bin"}) {
      if (Files.isExecutable(Path.of(dir, "perl"))) {
        return Optional.of(
            List.of(
                dir + "/perl",
                "-MPOSIX",
                "-e",
                "POSIX::setsid(); exec { $ARGV[0] } @ARGV or die \"$ARGV[0]: $!\"",
                "--"));
      }
    }
    return Optional.empty();
  }
}
