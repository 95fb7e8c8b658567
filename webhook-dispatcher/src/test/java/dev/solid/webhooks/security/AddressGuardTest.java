package dev.solid.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {
  private final AddressGuard guard = new AddressGuard(false, List.of());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.255.0.9",
        "0.0.0.0",
        "10.0.0.1",
        "172.16.0.1",
        "172.31.255.254",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.255",
        "224.0.0.1",
        "255.255.255.255",
        "192.0.0.8",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "fec0::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "64:ff9b::a00:1",
        "2002:a00:1::",
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",
        // documentation, 6to4 relay, benchmarking
        "192.0.2.1",
        "198.51.100.7",
        "203.0.113.200",
        "192.88.99.1",
        "198.18.0.1",
        "198.19.255.255",
        "240.0.0.1",
        "2001:db8::1",
        "2001:db8:ffff::1",
        "3fff::1",
        // discard-only, local-use NAT64 (whatever it embeds), NAT64 and mapped/translated forms
        "100::1",
        "100::ffff:ffff:ffff:ffff",
        "64:ff9b:1::8.8.8.8",
        "64:ff9b:1:ffff::1",
        "64:ff9b::10.0.0.1",
        "64:ff9b::169.254.169.254",
        "64:ff9b::192.168.0.1",
        "::ffff:10.1.2.3",
        "::ffff:0:127.0.0.1",
        "::ffff:0:169.254.169.254"
      })
  void shouldRefuseInternalAddresses(String address) throws Exception {
    assertThat(guard.refusal(InetAddress.getByName(address))).as(address).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "93.184.216.34",
        "8.8.8.8",
        "172.32.0.1",
        "100.128.0.1",
        "2606:4700::1111",
        "192.0.3.1",
        "198.51.101.1",
        "203.0.114.1",
        "198.20.0.1",
        "64:ff9b::8.8.8.8",
        "::ffff:0:8.8.8.8",
        "2001:db9::1",
        "101::1"
      })
  void shouldAllowPublicAddresses(String address) throws Exception {
    assertThat(guard.refusal(InetAddress.getByName(address))).as(address).isNull();
  }

  @Test
  void shouldAllowOnlyListedPrivateNetworks() throws Exception {
    AddressGuard listed = new AddressGuard(false, List.of("10.20.0.0/16"));
    assertThat(listed.refusal(InetAddress.getByName("10.20.3.4"))).isNull();
    assertThat(listed.refusal(InetAddress.getByName("10.21.3.4"))).isNotNull();
    assertThat(listed.refusal(InetAddress.getByName("127.0.0.1"))).isNotNull();
  }

  @Test
  void shouldAllowOnlyLoopbackWithTheLocalLaunchersList() throws Exception {
    AddressGuard loopback = new AddressGuard(false, List.of("127.0.0.0/8", "::1/128"));
    assertThat(loopback.refusal(InetAddress.getByName("127.0.0.1"))).isNull();
    assertThat(loopback.refusal(InetAddress.getByName("::1"))).isNull();
    assertThat(loopback.refusal(InetAddress.getByName("169.254.169.254"))).isNotNull();
    assertThat(loopback.refusal(InetAddress.getByName("10.0.0.1"))).isNotNull();
    assertThat(loopback.refusal(InetAddress.getByName("192.168.1.1"))).isNotNull();
  }

  @Test
  void shouldAllowEverythingWhenPrivateNetworksAreAllowed() throws Exception {
    AddressGuard open = new AddressGuard(true, List.of());
    assertThat(open.refusal(InetAddress.getByName("127.0.0.1"))).isNull();
  }
}
