package dev.solid.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary shipped in the embedded-redis jar). With a data directory it
 * keeps an append-only file there so a restart keeps its keys.
 */
public final class EmbeddedRedisServer implements AutoCloseable {
  private final RedisServer server;
  private final int port;

  private EmbeddedRedisServer(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts redis-server on the given port (0 picks a free one) bound to 127.0.0.1. */
  public static EmbeddedRedisServer start(Path dataDirectory, int port) {
    int chosen = port == 0 ? Ports.free() : port;
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(dataDirectory, chosen);
      } catch (IllegalStateException e) {
        // ETXTBSY: the freshly extracted binary is still open for writing in a process another
        // thread forked at that instant (PostgreSQL starting in parallel). It passes; try again.
        if (attempt >= 5 || !TextFileBusy.causedBy(e)) {
          throw e;
        }
        TextFileBusy.pause(attempt);
      }
    }
  }

  private static EmbeddedRedisServer startOnce(Path dataDirectory, int chosen) {
    try {
      var builder = RedisServer.newRedisServer().bind("127.0.0.1").port(chosen);
      if (dataDirectory != null) {
        Files.createDirectories(dataDirectory);
        builder
            .setting("dir " + dataDirectory.toAbsolutePath())
            .setting("appendonly yes")
            .setting("save \"\"");
      } else {
        builder.setting("appendonly no").setting("save \"\"");
      }
      RedisServer server = builder.setting("maxmemory-policy noeviction").build();
      server.start();
      Ports.awaitListening("127.0.0.1", chosen, 10_000, "Redis");
      return new EmbeddedRedisServer(server, chosen);
    } catch (IOException e) {
      throw new IllegalStateException("Could not start embedded Redis on port " + chosen, e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /**
   * The redis-server's process id, as the server reports it ({@code INFO server}; the library does
   * not expose its process), e.g. for a test that freezes it with SIGSTOP.
   */
  public long pid() {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
      BufferedReader reply =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (String line = reply.readLine(); line != null; line = reply.readLine()) {
        if (line.startsWith("process_id:")) {
          return Long.parseLong(line.substring("process_id:".length()).trim());
        }
      }
      throw new IllegalStateException("Redis on port " + port + " did not report its process id");
    } catch (IOException e) {
      throw new IllegalStateException("Could not ask Redis on port " + port + " for its pid", e);
    }
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new IllegalStateException("Could not stop embedded Redis", e);
    }
  }
}
