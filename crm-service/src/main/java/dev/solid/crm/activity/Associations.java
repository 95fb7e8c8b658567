package dev.solid.crm.activity;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.crm.contact.ContactRepository;
import dev.solid.crm.deal.DealRepository;
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
  private final DealRepository deals;

  public Associations(ContactRepository contacts, DealRepository deals) {
    this.contacts = contacts;
    this.deals = deals;
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

  /** Nothing when {@code dealId} is null or names a deal of the tenant; else a 422. */
  public Uni<Void> requireDeal(Tenant tenant, Long dealId) {
    if (dealId == null) {
      return Uni.createFrom().voidItem();
    }
    return deals
        .findById(tenant, dealId)
        .invoke(
            deal -> {
              if (deal == null) {
                throw ApiException.validation(
                    new ProblemDetail("deal_id", "not_found", dealId),
                    "Field 'deal_id' names no deal of this company (" + dealId + ")");
              }
            })
        .replaceWithVoid();
  }

  /** Both checks, contact first. */
  public Uni<Void> require(Tenant tenant, Long contactId, Long dealId) {
    return requireContact(tenant, contactId).chain(() -> requireDeal(tenant, dealId));
  }
}
