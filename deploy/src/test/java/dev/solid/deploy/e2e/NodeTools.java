package dev.solid.deploy.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's Node tools ({@code tools/node}, pinned in its lock file), installed on first use
 * with {@code npm ci}, so a fresh machine runs the same versions as every other.
 */
final class NodeTools {
  private NodeTools() {}

  /** A finished process: exit code and everything it printed. */
  record Result(int exit, String output) {}

  static Path home() {
    return dev.solid.deploy.PlatformOptions.locateRepositoryRoot().resolve("tools/node");
  }

  /** Installs the tools unless the lock file's versions are there already. */
  static synchronized void install() throws IOException, InterruptedException {
    Path home = home();
    if (Files.exists(home.resolve("node_modules/.package-lock.json"))) {
      return;
    }
    Result npm = run(home, List.of("npm", "ci", "--no-audit", "--no-fund"), 600);
    if (npm.exit() != 0) {
      throw new IllegalStateException("npm ci failed in " + home + ":\n" + npm.output());
    }
  }

  /** Runs a binary of the installed tools ({@code node_modules/.bin/NAME}). */
  static Result bin(String name, List<String> args, long timeoutSeconds)
      throws IOException, InterruptedException {
    install();
    List<String> command = new ArrayList<>();
    command.add(home().resolve("node_modules/.bin/" + name).toString());
    command.addAll(args);
    return run(home(), command, timeoutSeconds);
  }

  static Result run(Path dir, List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("node-tool", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
