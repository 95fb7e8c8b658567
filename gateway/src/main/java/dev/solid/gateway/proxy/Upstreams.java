package dev.solid.gateway.proxy;

import dev.solid.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replicas of each upstream service: {@code solid.gateway.services.<name>} holds one base URL
 * or a comma-separated list of them, and requests go round robin over the list. A service behind
 * its own load balancer (a Kubernetes Service) is one URL; the list is for replicas the gateway
 * must tell apart (the MCP hop keeps one upstream session per replica).
 */
@ApplicationScoped
public class Upstreams {
  private final Map<String, List<URI>> replicas;

  /**
   * Round-robin position per service: the only mutable state, a counter whose exact value does not
   * matter (it is never read for anything but spreading requests).
   */
  private final Map<String, AtomicInteger> cursors;

  public Upstreams(GatewayConfig config) {
    Map<String, List<URI>> parsed = new LinkedHashMap<>();
    Map<String, AtomicInteger> positions = new LinkedHashMap<>();
    config
        .services()
        .forEach(
            (name, value) -> {
              List<URI> uris = new ArrayList<>();
              for (String part : value.split(",")) {
                String url = part.trim();
                if (!url.isEmpty()) {
                  URI uri = URI.create(url);
                  if (uri.getHost() == null) {
                    throw new IllegalStateException(
                        "solid.gateway.services." + name + ": '" + url + "' is not an http URL");
                  }
                  uris.add(uri);
                }
              }
              if (!uris.isEmpty()) {
                parsed.put(name, List.copyOf(uris));
                positions.put(name, new AtomicInteger());
              }
            });
    this.replicas = Map.copyOf(parsed);
    this.cursors = Map.copyOf(positions);
  }

  /** Every replica of the service, in configuration order; empty when it is not configured. */
  public List<URI> all(String service) {
    return replicas.getOrDefault(service, List.of());
  }

  /** The next replica of the service, round robin; null when it is not configured. */
  public URI next(String service) {
    List<URI> list = replicas.get(service);
    if (list == null) {
      return null;
    }
    if (list.size() == 1) {
      return list.get(0);
    }
    return list.get(Math.floorMod(cursors.get(service).getAndIncrement(), list.size()));
  }

  /** A replica's name in logs and in session records: {@code host:port}. */
  public static String label(URI replica) {
    return replica.getHost() + ":" + port(replica);
  }

  static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
