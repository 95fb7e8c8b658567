package dev.solid.webhooks.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Decides whether the dispatcher may connect to an address (SSRF guard). Refused: unspecified,
 * loopback, private (10/8, 172.16/12, 192.168/16), link-local (169.254/16 with cloud metadata,
 * fe80::/10), CGNAT 100.64/10, multicast, broadcast, reserved (0/8, 192.0.0/24, 240/4), 6to4 relay
 * 192.88.99/24, benchmarking 198.18/15, documentation (192.0.2/24, 198.51.100/24, 203.0.113/24,
 * 2001:db8::/32, 3fff::/20), IPv6 ULA fc00::/7, site-local fec0::/10, discard 100::/64, local-use
 * NAT64 64:ff9b:1::/48, and every IPv6 form that embeds an IPv4 address (mapped ::ffff:0:0/96,
 * translated, compatible, NAT64 64:ff9b::/96, 6to4, Teredo) when the embedded address is refused.
 * Pure: no DNS, no configuration state beyond the allow-list given at construction.
 */
public final class AddressGuard {
  private final boolean allowPrivate;
  private final List<Cidr> allowed;

  public AddressGuard(boolean allowPrivate, List<String> allowedCidrs) {
    this.allowPrivate = allowPrivate;
    this.allowed = allowedCidrs.stream().map(Cidr::parse).toList();
  }

  /** Null when allowed, else a short reason. */
  public String refusal(InetAddress address) {
    if (allowPrivate || allowed.stream().anyMatch(c -> c.contains(address))) {
      return null;
    }
    return blockedReason(address);
  }

  static String blockedReason(InetAddress address) {
    if (address instanceof Inet4Address v4) {
      return ipv4Reason(v4.getAddress());
    }
    byte[] b = address.getAddress();
    if (address.isAnyLocalAddress()) {
      return "unspecified address";
    }
    if (address.isLoopbackAddress()) {
      return "loopback address";
    }
    if ((b[0] & 0xff) == 0xff) {
      return "multicast address";
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
      return "link-local address";
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
      return "site-local address";
    }
    if ((b[0] & 0xfe) == 0xfc) {
      return "unique local address";
    }
    // 2001:db8::/32 and 3fff::/20: documentation.
    if (((b[0] & 0xff) == 0x20
            && (b[1] & 0xff) == 0x01
            && (b[2] & 0xff) == 0x0d
            && (b[3] & 0xff) == 0xb8)
        || ((b[0] & 0xff) == 0x3f && (b[1] & 0xff) == 0xff && (b[2] & 0xf0) == 0)) {
      return "documentation address";
    }
    // 100::/64: discard-only.
    if (b[0] == 0x01 && b[1] == 0 && allZero(b, 2, 8)) {
      return "discard-only address";
    }
    // 64:ff9b:1::/48: local-use NAT64 (RFC 8215), translates into the operator's own networks,
    // so it is refused whatever IPv4 address it embeds.
    if (b[0] == 0
        && b[1] == 0x64
        && b[2] == (byte) 0xff
        && b[3] == (byte) 0x9b
        && b[4] == 0
        && b[5] == 1) {
      return "local-use NAT64 address";
    }
    byte[] embedded = embeddedIpv4((Inet6Address) address);
    if (embedded != null) {
      String reason = ipv4Reason(embedded);
      return reason == null ? null : reason + " (embedded in IPv6)";
    }
    return null;
  }

  private static String ipv4Reason(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    if (a0 == 0) {
      return "unspecified address";
    }
    if (a0 == 127) {
      return "loopback address";
    }
    if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
      return "private address";
    }
    if (a0 == 169 && a1 == 254) {
      return "link-local address";
    }
    if (a0 == 100 && a1 >= 64 && a1 <= 127) {
      return "shared (CGNAT) address";
    }
    if (a0 == 192 && a1 == 0 && a2 == 0) {
      return "reserved address";
    }
    // Documentation ranges (TEST-NET-1/2/3): never real receivers.
    if ((a0 == 192 && a1 == 0 && a2 == 2)
        || (a0 == 198 && a1 == 51 && a2 == 100)
        || (a0 == 203 && a1 == 0 && a2 == 113)) {
      return "documentation address";
    }
    // 6to4 relay anycast (deprecated): would hand the request to whatever relay is nearest.
    if (a0 == 192 && a1 == 88 && a2 == 99) {
      return "reserved address";
    }
    if (a0 == 198 && (a1 == 18 || a1 == 19)) {
      return "benchmarking address";
    }
    if (a0 >= 224) {
      return a0 < 240 ? "multicast address" : "reserved address";
    }
    return null;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** The IPv4 address inside mapped, compatible, NAT64, 6to4 and Teredo forms; else null. */
  private static byte[] embeddedIpv4(Inet6Address address) {
    byte[] b = address.getAddress();
    boolean zeros80 = true;
    for (int i = 0; i < 10; i++) {
      zeros80 &= b[i] == 0;
    }
    // ::ffff:a.b.c.d (mapped; Java usually returns Inet4Address for it) and ::a.b.c.d (compatible)
    if (zeros80 && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
      return new byte[] {b[12], b[13], b[14], b[15]};
    }
    // ::ffff:0:a.b.c.d (IPv4-translated, RFC 2765)
    if (allZero(b, 0, 8)
        && b[8] == (byte) 0xff
        && b[9] == (byte) 0xff
        && b[10] == 0
        && b[11] == 0) {
      return new byte[] {b[12], b[13], b[14], b[15]};
    }
    // 64:ff9b::/96 (well-known NAT64 prefix)
    if (b[0] == 0
        && b[1] == 0x64
        && b[2] == (byte) 0xff
        && b[3] == (byte) 0x9b
        && allZero(b, 4, 12)) {
      return new byte[] {b[12], b[13], b[14], b[15]};
    }
    // 2002::/16 (6to4): the IPv4 address is bits 16..47
    if (b[0] == 0x20 && b[1] == 0x02) {
      return new byte[] {b[2], b[3], b[4], b[5]};
    }
    // 2001:0000::/32 (Teredo): the client IPv4 is the last 32 bits inverted
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
      return new byte[] {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
    }
    return null;
  }

  /** An allow-listed network. */
  record Cidr(byte[] network, int prefix) {
    static Cidr parse(String text) {
      String[] parts = text.trim().split("/");
      try {
        byte[] net = InetAddress.getByName(parts[0]).getAddress();
        int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : net.length * 8;
        return new Cidr(net, prefix);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("Invalid CIDR in solid.webhooks.allowed-cidrs: " + text);
      }
    }

    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      int bits = prefix;
      for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
        int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
        if ((a[i] & mask) != (network[i] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
