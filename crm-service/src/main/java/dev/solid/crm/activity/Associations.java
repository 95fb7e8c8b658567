package dev.solid.crm.activity;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.crm.contact.ContactRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks the contact and deal an activity or a task is associated with. A contact or deal of
 * another company or mode does not exist for the caller, so it is the same 422 as an unknown one.
 * Runs on the caller's session (inside its {@code @WithTransaction}).
 */
@ApplicationScoped
public class Associations {
  private final ContactRepository contacts;

  public Associations(ContactRepository contacts) {
    this.contacts = contacts;
  }

  /** Nothing when {@code contactId} is null or names a contact of the tenant; else a 422. */
  public Uni<Void> requireContact(Tenant tenant, Long contactId) {
    if (contactId == null) {
      return Uni.createFrom().voidItem();
    }
    return contacts
        .findById(tenant, contactId)
        .invoke(
            contact -> {
              if (contact == null) {
                throw ApiException.validation(
                    new ProblemDetail("contact_id", "not_found", contactId),
                    "Field 'contact_id' names no contact of this company (" + contactId + ")");
              }
            })
        .replaceWithVoid();
  }

  /**
   * Nothing today: deals are built on another branch, and crm has no deals table here yet, so a
   * {@code deal_id} is stored as given. The deals branch fills this one method on merge (a 422
   * {@code deal_id}/{@code not_found} like {@link #requireContact}); activities and tasks both call
   * it already.
   */
  public Uni<Void> requireDeal(Tenant tenant, Long dealId) {
    return Uni.createFrom().voidItem();
  }

  /** Both checks, contact first. */
  public Uni<Void> require(Tenant tenant, Long contactId, Long dealId) {
    return requireContact(tenant, contactId).chain(() -> requireDeal(tenant, dealId));
  }
}
