package dev.solid.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port helpers: find a free one, and tell whether something already listens on an address. */
public final class Ports {
  private Ports() {}

  /** A port that was free a moment ago on the loopback interface. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("No free port", e);
    }
  }

  /** True when a TCP connection to host:port succeeds within 500 ms. */
  public static boolean isListening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until host:port accepts connections, or fails after the timeout. */
  public static void awaitListening(String host, int port, long timeoutMillis, String what) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!isListening(host, port)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            what + " did not listen on " + host + ":" + port + " within " + timeoutMillis + " ms");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + what, e);
      }
    }
  }
}
