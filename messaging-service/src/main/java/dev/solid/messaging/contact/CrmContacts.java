package dev.solid.messaging.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import dev.solid.messaging.account.Account;
import dev.solid.messaging.config.MessagingConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;

/**
 * Asks crm-service's public API for a contact, as the caller: the request's own internal JWT is
 * forwarded, so crm scopes the answer to the caller's company and mode exactly as it would for the
 * gateway (services trust only that token). Used only when the projection misses, typically right
 * after the contact was created and before its event arrived here.
 *
 * <p>Only crm's own "no such contact" is a miss: a 404, or a search without an exact match. The
 * caller then answers as it would without the contact (404 or 422). Anything else must not look
 * like a missing contact, or a crm outage would turn into answers clients do not retry:
 *
 * <ul>
 *   <li>crm unreachable, slower than {@code solid.messaging.crm.timeout} in total, or answering
 *       anything but 200, 403 or 404: 503 {@code service_unavailable} with {@code Retry-After}
 *       ({@link CrmUnavailableException});
 *   <li>403 (the API key lacks {@code read:contacts}, which crm requires): 403 {@code forbidden}
 *       naming that scope, since only the key's owner can fix it and a retry would not help.
 * </ul>
 */
@ApplicationScoped
public class CrmContacts {
  private static final Logger LOG = Logger.getLogger(CrmContacts.class);
  private static final String READ_CONTACTS = "read:contacts";

  private final HttpClient client;
  private final String baseUrl;
  private final Duration timeout;
  private final ObjectMapper json;

  @Inject
  public CrmContacts(Vertx vertx, MessagingConfig config, ObjectMapper json) {
    this(vertx, config.crm().baseUrl(), config.crm().timeout(), json);
  }

  CrmContacts(Vertx vertx, String baseUrl, Duration timeout, ObjectMapper json) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.timeout = timeout;
    this.json = json;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setMaxPoolSize(20)
                .setKeepAlive(true));
  }

  /** {@code GET /api/v1/crm/contacts/{id}}; empty when crm does not have it. */
  public Uni<Optional<ProjectedContact>> byId(long id, String bearer) {
    return get("/api/v1/crm/contacts/" + id, bearer)
        .map(body -> body.map(b -> ProjectedContact.fromJson(b, json)));
  }

  /**
   * The contact an address belongs to, by crm's search then an exact match (phone for sms, username
   * for telegram, lowest id first, as the projection picks). A numeric Telegram address is a user
   * id, which crm's search does not cover (it matches name, email, username and phone), so crm is
   * not asked: only the projection knows contacts by Telegram user id.
   */
  public Uni<Optional<ProjectedContact>> byAddress(String channel, String address, String bearer) {
    boolean sms = Account.SMS.equals(channel);
    if (!sms && address.matches("\\d{1,18}")) {
      return Uni.createFrom().item(Optional.empty());
    }
    String query =
        "/api/v1/crm/contacts?limit=200&search="
            + URLEncoder.encode(address, StandardCharsets.UTF_8);
    return get(query, bearer)
        .map(
            body ->
                body.flatMap(
                    page ->
                        StreamSupport.stream(page.path("items").spliterator(), false)
                            .filter(
                                c ->
                                    sms
                                        ? address.equals(c.path("phone").asText(null))
                                        : address.equalsIgnoreCase(
                                            c.path("username").asText("").replaceFirst("^@", "")))
                            .min(Comparator.comparingLong(c -> c.path("id").asLong()))
                            .map(c -> ProjectedContact.fromJson(c, json))));
  }

  /** The JSON crm answered with 200; empty on 404; fails as described on the class otherwise. */
  private Uni<Optional<JsonNode>> get(String path, String bearer) {
    if (bearer == null || bearer.isBlank()) {
      return Uni.createFrom().item(Optional.empty());
    }
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(baseUrl + path)
            // An idle timeout only (no byte for that long): it frees the connection of a stalled
            // answer, while the deadline below bounds the whole exchange.
            .setTimeout(timeout.toMillis())
            .putHeader("Authorization", "Bearer " + bearer)
            .putHeader("Accept", "application/json");
    return client
        .request(options)
        .chain(request -> request.send())
        .chain(
            response -> response.body().map(b -> answer(path, response.statusCode(), b.toString())))
        .ifNoItem()
        .after(timeout)
        .failWith(() -> new TimeoutException("crm did not answer within " + timeout))
        .onFailure(e -> !(e instanceof ApiException))
        .transform(
            e -> {
              LOG.warnf("crm lookup %s failed: %s", path, e.toString());
              return new CrmUnavailableException();
            });
  }

  private Optional<JsonNode> answer(String path, int status, String body) {
    switch (status) {
      case 200 -> {
        try {
          return Optional.of(json.readTree(body));
        } catch (Exception e) {
          LOG.warnf("crm answered unreadable JSON to %s: %s", path, e.getMessage());
          throw new CrmUnavailableException();
        }
      }
      case 404 -> {
        return Optional.empty();
      }
      case 403 ->
          throw new ApiException(
              ErrorCode.FORBIDDEN,
              "Resolving the contact needs the scope '"
                  + READ_CONTACTS
                  + "' (the contact is asked of the CRM), which this API key lacks",
              List.of(new ProblemDetail("scope", "missing_scope", READ_CONTACTS)));
      default -> {
        LOG.warnf("crm answered %d to %s", status, path);
        throw new CrmUnavailableException();
      }
    }
  }
}
