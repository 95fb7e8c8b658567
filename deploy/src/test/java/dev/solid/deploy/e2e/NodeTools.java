package dev.solid.deploy.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

  /**
   * Installs the tools unless this lock file's versions are there already: node_modules keeps the
   * digest of the lock file it was installed from, so a changed lock file installs again.
   */
  static synchronized void install() throws IOException, InterruptedException {
    Path home = home();
    Path stamp = home.resolve("node_modules/.solid-lock-digest");
    String digest = digest(home.resolve("package-lock.json"));
    if (Files.exists(stamp) && Files.readString(stamp).equals(digest)) {
      return;
    }
    Result npm = run(home, List.of("npm", "ci", "--no-audit", "--no-fund"), 600);
    if (npm.exit() != 0) {
      throw new IllegalStateException("npm ci failed in " + home + ":\n" + npm.output());
    }
    Files.writeString(stamp, digest);
  }

  /** Runs a Node script of the tools ({@code tools/node/SCRIPT}) with extra environment. */
  static Result node(String script, Map<String, String> env, long timeoutSeconds)
      throws IOException, InterruptedException {
    install();
    return run(home(), List.of("node", home().resolve(script).toString()), env, timeoutSeconds);
  }

  private static String digest(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
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

  /**
   * A binary's output on stdout alone, for tools that print JSON; when it fails, stderr follows
   * stdout in the output.
   */
  static Result binStdout(String name, List<String> args, long timeoutSeconds)
      throws IOException, InterruptedException {
    install();
    List<String> command = new ArrayList<>();
    command.add(home().resolve("node_modules/.bin/" + name).toString());
    command.addAll(args);
    Path out = Files.createTempFile("node-tool", ".out");
    Path err = Files.createTempFile("node-tool", ".err");
    Process process =
        new ProcessBuilder(command)
            // inspector-cli 1.0.3 looks for "../package.json" from the working directory before
            // importing it relative to its own module: run it one level below tools/node.
            .directory(home().resolve("mcp").toFile())
            .redirectError(err.toFile())
            .redirectOutput(out.toFile())
            .start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    return process.exitValue() == 0
        ? new Result(0, stdout)
        : new Result(
            process.exitValue(),
            stdout + "\n--- stderr ---\n" + Files.readString(err, StandardCharsets.UTF_8));
  }

  static Result run(Path dir, List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    return run(dir, command, Map.of(), timeoutSeconds);
  }

  static Result run(Path dir, List<String> command, Map<String, String> env, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("node-tool", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
