package dev.solid.testing.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium for browser tests: installed when missing ({@code apt-get install -y
 * chromium chromium-driver}, through {@code sudo -n} when not root, {@code apt-get update} first if
 * the install fails), and a test fails with the reason when that is impossible; it never skips.
 * Started with the flags this machine needs (no sandbox as root, no background networking: the
 * network is closed) and a fresh profile, and closed with every process it started.
 */
public final class Chromium implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Path profile;
  private final URI devtools;

  private Chromium(Process process, Path profile, URI devtools) {
    this.process = process;
    this.profile = profile;
    this.devtools = devtools;
  }

  /** Installs Chromium when it is missing; throws, saying why, when it cannot. */
  public static synchronized void ensureInstalled() {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    List<String> sudo = isRoot() ? List.of() : List.of("sudo", "-n");
    StringBuilder log = new StringBuilder();
    int status = run(sudo, List.of("apt-get", "install", "-y", "chromium", "chromium-driver"), log);
    if (status != 0 || !Files.isExecutable(BINARY)) {
      run(sudo, List.of("apt-get", "update"), log);
      status = run(sudo, List.of("apt-get", "install", "-y", "chromium", "chromium-driver"), log);
    }
    if (status != 0 || !Files.isExecutable(BINARY)) {
      throw new AssertionError(
          "The browser tests need Debian's chromium at "
              + BINARY
              + " and could not install it (apt-get install -y chromium chromium-driver"
              + (isRoot() ? "" : " with sudo -n")
              + " exited "
              + status
              + "). Install it by hand and run again. Last output:\n"
              + tail(log.toString(), 3000));
    }
  }

  /** A new headless browser with an empty profile. */
  public static Chromium launch() throws IOException, InterruptedException {
    ensureInstalled();
    Path profile = Files.createTempDirectory("solid-chromium-");
    List<String> command =
        List.of(
            BINARY.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile,
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "about:blank");
    Process process =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    CompletableFuture<URI> endpoint = new CompletableFuture<>();
    StringBuilder errors = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  Matcher m = DEVTOOLS.matcher(line);
                  if (m.find()) {
                    endpoint.complete(URI.create(m.group(1)));
                  } else if (errors.length() < 20_000) {
                    errors.append(line).append('\n');
                  }
                }
              } catch (IOException ignored) {
                // the browser closed its stderr: it is gone
              }
              endpoint.completeExceptionally(
                  new IllegalStateException(
                      "chromium exited before DevTools listened:\n" + errors));
            },
            "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      return new Chromium(process, profile, endpoint.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      kill(process);
      deleteTree(profile);
      throw new IllegalStateException("chromium did not start: " + e.getMessage(), e);
    }
  }

  /** The browser's DevTools WebSocket endpoint. */
  public URI devtools() {
    return devtools;
  }

  /** The profile directory: every process of this browser names it on its command line. */
  public Path profile() {
    return profile;
  }

  /** The processes of this browser still running (none after {@link #close}). */
  public List<ProcessHandle> processes() {
    String marker = "--user-data-dir=" + profile;
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .forEach(found::add);
    return found;
  }

  @Override
  public void close() {
    kill(process);
    deleteTree(profile);
  }

  private static void kill(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Renderer and utility processes of this browser only (started by it, found above).
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static boolean isRoot() {
    try {
      Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      id.waitFor();
      return "0".equals(out);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int run(List<String> sudo, List<String> command, StringBuilder log) {
    List<String> full = new ArrayList<>(sudo);
    full.addAll(command);
    log.append("$ ").append(String.join(" ", full)).append('\n');
    try {
      ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
      builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process process = builder.start();
      log.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      if (!process.waitFor(20, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      log.append(e).append('\n');
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String tail(String text, int max) {
    return text.length() <= max ? text : text.substring(text.length() - max);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
