package dev.solid.payments.contact;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.ProblemDetail;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Checks that the contact an order, invoice or subscription names exists in the caller's company
 * and mode, by asking crm as the caller. Asked before any transaction opens, so no database
 * connection waits on crm.
 *
 * <ul>
 *   <li>crm's 404: 422 {@code validation_error} naming {@code contact_id} ({@code not_found});
 *   <li>crm's 403 (the key lacks {@code read:contacts}, which crm requires): 403 naming that scope;
 *   <li>crm unreachable, slow, failing or its breaker open: 503 with {@code Retry-After}, never a
 *       "no such contact" a client would not retry.
 * </ul>
 */
@ApplicationScoped
public class Contacts {
  private static final Logger LOG = Logger.getLogger(Contacts.class);

  private final CrmClient crm;

  public Contacts(@RestClient CrmClient crm) {
    this.crm = crm;
  }

  /** Completes when the contact exists for the caller whose token is {@code bearer}. */
  public Uni<Void> requireExisting(long contactId, String bearer) {
    return crm.byId(bearer, contactId)
        .replaceWithVoid()
        .onFailure()
        .transform(failure -> refusal(contactId, failure));
  }

  private static Throwable refusal(long contactId, Throwable failure) {
    if (failure instanceof CrmClient.NotInCrm) {
      return ApiException.validation(
          new ProblemDetail("contact_id", "not_found", contactId),
          "Field 'contact_id' names no contact of this company (" + contactId + ")");
    }
    if (failure instanceof CrmClient.NoContactScope) {
      return new ApiException(
          ErrorCode.FORBIDDEN,
          "Checking the contact needs the scope 'read:contacts' (the contact is asked of the CRM),"
              + " which this API key lacks",
          List.of(new ProblemDetail("scope", "missing_scope", "read:contacts")));
    }
    LOG.warnf("crm could not be asked for contact %d: %s", contactId, failure.toString());
    return ApiException.unavailable(
        "The CRM could not be asked whether the contact exists; retry shortly", 2);
  }
}
