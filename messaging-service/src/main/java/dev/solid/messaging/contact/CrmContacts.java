package dev.solid.messaging.contact;

import dev.solid.common.error.ApiException;
import dev.solid.messaging.account.Account;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Asks crm-service for a contact, as the caller ({@link CrmClient}, which carries the timeout,
 * retry and circuit breaker). Used only when the projection misses, typically right after the
 * contact was created and before its event arrived here.
 *
 * <p>Only crm's own "no such contact" is a miss: a 404, or a search without an exact match. The
 * caller then answers as it would without the contact (404 or 422). Anything else must not look
 * like a missing contact, or a crm outage would turn into answers clients do not retry:
 *
 * <ul>
 *   <li>crm unreachable, slower than its deadline, failing, or not asked while the circuit breaker
 *       is open: 503 {@code service_unavailable} with {@code Retry-After} ({@link
 *       CrmUnavailableException});
 *   <li>403 (the API key lacks {@code read:contacts}, which crm requires): 403 {@code forbidden}
 *       naming that scope, since only the key's owner can fix it and a retry would not help.
 * </ul>
 */
@ApplicationScoped
public class CrmContacts {
  private static final Logger LOG = Logger.getLogger(CrmContacts.class);
  // crm's largest page: an address shared by more contacts than this is matched among the first.
  private static final int SEARCH_LIMIT = 200;

  private final CrmClient crm;

  public CrmContacts(@RestClient CrmClient crm) {
    this.crm = crm;
  }

  /** {@code GET /api/v1/crm/contacts/{id}}; empty when crm does not have it. */
  public Uni<Optional<ProjectedContact>> byId(long id, String bearer) {
    if (bearer == null || bearer.isBlank()) {
      return Uni.createFrom().item(Optional.empty());
    }
    return answer(
        "contact " + id, crm.byId("Bearer " + bearer, id).map(c -> Optional.of(c.toProjected())));
  }

  /**
   * The contact an address belongs to, by crm's search then an exact match (phone for sms, username
   * for telegram, lowest id first, as the projection picks). A numeric Telegram address is a user
   * id, which crm's search does not cover (it matches name, email, username and phone), so crm is
   * not asked: only the projection knows contacts by Telegram user id.
   */
  public Uni<Optional<ProjectedContact>> byAddress(String channel, String address, String bearer) {
    boolean sms = Account.SMS.equals(channel);
    if (bearer == null || bearer.isBlank() || (!sms && address.matches("\\d{1,18}"))) {
      return Uni.createFrom().item(Optional.empty());
    }
    return answer(
        "search",
        crm.search("Bearer " + bearer, address, SEARCH_LIMIT)
            .map(page -> exactMatch(page.items(), sms, address)));
  }

  static Optional<ProjectedContact> exactMatch(
      List<CrmContact> items, boolean sms, String address) {
    return (items == null ? List.<CrmContact>of() : items)
        .stream()
            .filter(
                c ->
                    sms
                        ? address.equals(c.phone())
                        : c.username() != null
                            && address.equalsIgnoreCase(c.username().replaceFirst("^@", "")))
            .min(Comparator.comparingLong(CrmContact::id))
            .map(CrmContact::toProjected);
  }

  /** crm's "no such contact" is empty; its 403 passes; every other failure is a 503. */
  private static Uni<Optional<ProjectedContact>> answer(
      String what, Uni<Optional<ProjectedContact>> lookup) {
    return lookup
        .onFailure(CrmClient.NotInCrm.class)
        .recoverWithItem(Optional.empty())
        .onFailure(e -> !(e instanceof ApiException))
        .transform(
            e -> {
              LOG.warnf("crm lookup (%s) failed: %s", what, e.toString());
              return new CrmUnavailableException();
            });
  }
}
