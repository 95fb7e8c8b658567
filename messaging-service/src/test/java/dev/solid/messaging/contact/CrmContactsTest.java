package dev.solid.messaging.contact;

import static dev.solid.messaging.support.MessagingApi.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.solid.common.error.ApiException;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.messaging.support.ProviderStandIn;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How crm's answers and failures reach the caller, through the REST client and its fault tolerance,
 * against crm's local stand-in: only crm's "not found" is a miss; an outage is a 503 the client
 * retries, and a failing crm stops being asked for a while.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class CrmContactsTest {
  private final ProviderStandIn crm = ProviderStandIn.instance();
  @Inject CrmContacts contacts;

  /** A bearer token of its own, so the stand-in's script and request log are this test's. */
  private static String token() {
    return "token-" + UUID.randomUUID();
  }

  private long asked(String token) {
    return crm.crmRequests().stream().filter(r -> r.startsWith("Bearer " + token + " ")).count();
  }

  private static void assertUnavailable(CrmContacts crm, long id, String token) {
    assertThatThrownBy(() -> crm.byId(id, token).await().atMost(WAIT))
        .isInstanceOf(CrmUnavailableException.class)
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(503);
  }

  @Test
  void shouldFindAContactCrmHasAsTheCaller() {
    String token = token();
    crm.crmContact(token, "{\"id\":1,\"first_name\":\"Ann\",\"tags\":[],\"score\":12}");

    Optional<ProjectedContact> found = contacts.byId(1, token).await().atMost(WAIT);

    assertThat(found).map(ProjectedContact::firstName).contains("Ann");
    assertThat(crm.crmRequests()).contains("Bearer " + token + " /api/v1/crm/contacts/1");
  }

  @Test
  void shouldTreatOnlyCrmsNotFoundAsAMiss() {
    String token = token();
    assertThat(contacts.byId(2, token).await().atMost(WAIT)).isEmpty();
    assertThat(asked(token)).as("a miss is not retried").isEqualTo(1);
  }

  @Test
  void shouldAnswerServiceUnavailableWhenCrmIsDown() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    CrmClient down =
        QuarkusRestClientBuilder.newBuilder()
            .baseUri(URI.create("http://127.0.0.1:" + closed))
            .build(CrmClient.class);
    assertUnavailable(new CrmContacts(down), 1, token());
  }

  @Test
  void shouldAnswerServiceUnavailableWhenCrmAnswers500() {
    String token = token();
    crm.crmFailure(token, 500);
    assertUnavailable(contacts, 1, token);
    assertThat(asked(token)).as("a GET is retried once").isEqualTo(2);
  }

  @Test
  void shouldGiveUpAfterTheDeadlineEvenWhileCrmKeepsSendingBytes() {
    String token = token();
    crm.crmFailure(token, ProviderStandIn.SLOW); // a byte every 250 ms for 6 s
    long start = System.nanoTime();

    assertUnavailable(contacts, 1, token);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(5_000));
    assertThat(asked(token)).as("no second try once the deadline is spent").isEqualTo(1);
  }

  @Test
  void shouldStopAskingAFailingCrmForAWhileThenAskAgain() {
    String failing = token();
    crm.crmFailure(failing, 500);
    // Failures until the circuit breaker opens: a lookup that no longer reaches crm.
    await()
        .alias("the circuit breaker opens")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              long before = asked(failing);
              assertUnavailable(contacts, 1, failing);
              return asked(failing) == before;
            });

    String healthy = token();
    crm.crmContact(healthy, "{\"id\":3,\"first_name\":\"Cy\",\"tags\":[]}");
    long start = System.nanoTime();
    assertUnavailable(contacts, 3, healthy);
    assertThat(asked(healthy)).as("not asked while the breaker is open").isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

    // After the breaker's delay crm is tried again, and a success closes it.
    await()
        .alias("crm is asked again")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .ignoreException(CrmUnavailableException.class)
        .until(() -> contacts.byId(3, healthy).await().atMost(WAIT).isPresent());
  }

  @Test
  void shouldNotAskCrmForANumericTelegramAddress() {
    String token = token();
    assertThat(contacts.byAddress("telegram", "5123456789", token).await().atMost(WAIT)).isEmpty();
    assertThat(asked(token)).isZero();
  }

  @Test
  void shouldMatchAnAddressExactlyAmongCrmsSearchResults() {
    String token = token();
    crm.crmContact(token, "{\"id\":9,\"username\":\"@sam_smith_jr\",\"tags\":[]}");
    crm.crmContact(token, "{\"id\":8,\"username\":\"sam_smith\",\"tags\":[]}");

    assertThat(contacts.byAddress("telegram", "Sam_Smith", token).await().atMost(WAIT))
        .map(ProjectedContact::id)
        .contains(8L);
  }
}
