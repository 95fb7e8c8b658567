package dev.solid.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solid.webhooks.config.WebhooksConfig;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numeric hosts other software reads differently, and impossible ports, are refused before any
 * lookup. The refused strings are only ever parsed here, never connected to.
 */
class HostFormsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://0177.0.0.1/hooks",
        "http://2130706433/hooks",
        "http://0x7f.0.0.1/hooks",
        "http://0x7f000001/hooks",
        "http://127.1/hooks",
        "http://127.0.1/hooks",
        "http://127.0.0.01/hooks",
        "http://127.0.0.1./hooks",
        "http://127.0.0.1.5/hooks",
        "http://256.0.0.1/hooks",
        "http://[::ffff:0177.0.0.1]/hooks",
        "https://0177.0.0.1:8443/hooks"
      })
  void shouldRefuseAmbiguousNumericHosts(String url) {
    var refusal = HostForms.check(URI.create(url));
    assertThat(refusal).as(url).isNotNull();
    assertThat(refusal.error()).isEqualTo("ambiguous_address");
    assertThat(refusal.getMessage()).contains("four decimal parts");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:0/hooks",
        "http://127.0.0.1:65536/hooks",
        "http://127.0.0.1:99999/hooks"
      })
  void shouldRefusePortsOutside1To65535(String url) {
    var refusal = HostForms.check(URI.create(url));
    assertThat(refusal).as(url).isNotNull();
    assertThat(refusal.error()).isEqualTo("invalid_url");
    assertThat(refusal.getMessage()).contains("outside 1-65535");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/hooks",
        "http://127.0.0.1:1/hooks",
        "http://127.0.0.1:65535/hooks",
        "https://localhost:8443/hooks",
        "http://[::1]:8080/hooks",
        "http://[::ffff:127.0.0.1]/hooks"
      })
  void shouldAcceptCanonicalAddressesAndNames(String url) {
    assertThat(HostForms.check(URI.create(url))).as(url).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://0177.0.0.1/x", "http://127.1/x", "http://2130706433:9/x"})
  void shouldRefuseAmbiguousHostsAtSendTimeBeforeAnyLookup(String url) {
    // With the SSRF guard off, as in tests: the form is refused for what it may mean elsewhere.
    TargetResolver resolver = new TargetResolver(config());
    assertThatThrownBy(() -> resolver.resolve(URI.create(url)).await().indefinitely())
        .isInstanceOfSatisfying(
            TargetResolver.RefusedTarget.class,
            refused -> assertThat(refused.error()).isEqualTo("ambiguous_address"));
  }

  /** SSRF guard off (allow-private-networks), no allow-list. */
  private static WebhooksConfig config() {
    return (WebhooksConfig)
        Proxy.newProxyInstance(
            WebhooksConfig.class.getClassLoader(),
            new Class<?>[] {WebhooksConfig.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "allowPrivateNetworks" -> true;
                  case "allowedCidrs" -> Optional.empty();
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
