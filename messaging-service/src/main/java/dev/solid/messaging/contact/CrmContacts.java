package dev.solid.messaging.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.messaging.account.Account;
import dev.solid.messaging.config.MessagingConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;

/**
 * Asks crm-service's public API for a contact, as the caller: the request's own internal JWT is
 * forwarded, so crm scopes the answer to the caller's company and mode exactly as it would for the
 * gateway (services trust only that token). Used only when the projection misses, typically right
 * after the contact was created and before its event arrived here.
 *
 * <p>Any failure (crm down, slow, 403 for a key without read:contacts) is a miss: the caller then
 * answers as it would without the contact (404 or 422), never 5xx because crm is unavailable.
 */
@ApplicationScoped
public class CrmContacts {
  private static final Logger LOG = Logger.getLogger(CrmContacts.class);

  private final HttpClient client;
  private final MessagingConfig config;
  private final ObjectMapper json;

  public CrmContacts(Vertx vertx, MessagingConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) config.crm().timeout().toMillis())
                .setMaxPoolSize(20)
                .setKeepAlive(true));
  }

  /** {@code GET /api/v1/crm/contacts/{id}}; empty when crm does not have it or cannot answer. */
  public Uni<Optional<ProjectedContact>> byId(long id, String bearer) {
    return get("/api/v1/crm/contacts/" + id, bearer)
        .map(body -> body.map(b -> ProjectedContact.fromJson(b, json)));
  }

  /**
   * The contact an address belongs to, by crm's search then an exact match (phone for sms, username
   * for telegram, lowest id first, as the projection picks).
   */
  public Uni<Optional<ProjectedContact>> byAddress(String channel, String address, String bearer) {
    boolean sms = Account.SMS.equals(channel);
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

  private Uni<Optional<JsonNode>> get(String path, String bearer) {
    if (bearer == null || bearer.isBlank()) {
      return Uni.createFrom().item(Optional.empty());
    }
    String base = config.crm().baseUrl().replaceAll("/+$", "");
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(base + path)
            .setTimeout(config.crm().timeout().toMillis())
            .putHeader("Authorization", "Bearer " + bearer)
            .putHeader("Accept", "application/json");
    return client
        .request(options)
        .chain(request -> request.send())
        .chain(
            response ->
                response
                    .body()
                    .map(
                        b -> {
                          if (response.statusCode() != 200) {
                            if (response.statusCode() != 404) {
                              LOG.warnf("crm answered %d to %s", response.statusCode(), path);
                            }
                            return Optional.<JsonNode>empty();
                          }
                          try {
                            return Optional.of(json.readTree(b.toString()));
                          } catch (Exception e) {
                            return Optional.<JsonNode>empty();
                          }
                        }))
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.warnf("crm lookup %s failed: %s", path, e.getMessage());
              return Optional.empty();
            });
  }
}
