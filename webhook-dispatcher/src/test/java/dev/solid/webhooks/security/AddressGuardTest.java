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
        "2001:0:4136:e378:8000:63bf:f5ff:fffe"
      })
  void shouldRefuseInternalAddresses(String address) throws Exception {
    assertThat(guard.refusal(InetAddress.getByName(address))).as(address).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
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
  void shouldAllowEverythingWhenPrivateNetworksAreAllowed() throws Exception {
    AddressGuard open = new AddressGuard(true, List.of());
    assertThat(open.refusal(InetAddress.getByName("127.0.0.1"))).isNull();
  }
}
