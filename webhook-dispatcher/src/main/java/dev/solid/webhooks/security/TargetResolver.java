package dev.solid.webhooks.security;

import dev.solid.webhooks.config.WebhooksConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a webhook URL's host once and validates every address it resolves to. The sender then
 * connects to the returned address (keeping Host and SNI as the hostname), so a DNS answer that
 * changes between check and connect (rebinding) cannot redirect the request.
 */
@ApplicationScoped
public class TargetResolver {
  /** The error of a URL whose host or port is in an ambiguous form. */
  public static final String AMBIGUOUS = "ambiguous_address";

  private final AddressGuard guard;

  public TargetResolver(WebhooksConfig config) {
    this.guard =
        new AddressGuard(config.allowPrivateNetworks(), config.allowedCidrs().orElse(List.of()));
  }

  /** A host and the one validated address to connect to. */
  public record Target(String host, InetAddress address) {}

  /** Thrown when the host does not resolve or any of its addresses is refused. */
  public static class RefusedTarget extends RuntimeException {
    private final String error;

    public RefusedTarget(String error, String message) {
      super(message, null, false, false);
      this.error = error;
    }

    public String error() {
      return error;
    }
  }

  /**
   * Resolves on a worker thread (the JDK resolver blocks), never on the event loop. A host or port
   * in an ambiguous form ({@link HostForms}) is refused before any lookup, whatever the SSRF
   * settings: it is refused for what it may mean to other software, not for where it points.
   */
  public Uni<Target> resolve(URI url) {
    RefusedTarget form = HostForms.check(url);
    if (form != null) {
      return Uni.createFrom().failure(form);
    }
    String host = hostOf(url);
    return Uni.createFrom()
        .item(() -> check(host))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  Target check(String host) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new RefusedTarget("unresolvable_host", "Host '" + host + "' does not resolve");
    }
    for (InetAddress address : addresses) {
      String reason = guard.refusal(address);
      if (reason != null) {
        throw new RefusedTarget(
            "forbidden_address",
            "Host '" + host + "' resolves to a " + reason + " (" + address.getHostAddress() + ")");
      }
    }
    return new Target(host, addresses[0]);
  }

  /** The host without IPv6 brackets. */
  public static String hostOf(URI url) {
    String host = url.getHost();
    if (host != null && host.startsWith("[") && host.endsWith("]")) {
      return host.substring(1, host.length() - 1);
    }
    return host;
  }
}
