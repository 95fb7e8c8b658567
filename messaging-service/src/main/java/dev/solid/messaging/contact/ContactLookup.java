package dev.solid.messaging.contact;

import dev.solid.common.caller.Tenant;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes sure the projection has a contact an API request needs: when the projection misses, crm is
 * asked with the caller's token and its answer is inserted, so the request's own transaction then
 * finds it as usual. Called before that transaction so no database connection waits on crm.
 *
 * <p>crm's answer is only inserted when the projection still has no row for the contact: the
 * projection consumer may have applied a newer event of it while crm was being asked, and crm's
 * events stay authoritative. A narrow window remains for deletes, since the projection keeps no
 * tombstones: if the contact is deleted in crm and its {@code contact.deleted} applied here in the
 * milliseconds between crm's answer and this insert, the deleted contact is projected again (and
 * stays until an operator removes it; no further event of it will come). The same request a moment
 * earlier would have used the contact as well, so only that stale row is the cost.
 *
 * <p>Errors of crm other than "not found" fail the request ({@link CrmContacts}).
 */
@ApplicationScoped
public class ContactLookup {
  private final Pool pool;
  private final ContactRepository contacts;
  private final CrmContacts crm;

  public ContactLookup(Pool pool, ContactRepository contacts, CrmContacts crm) {
    this.pool = pool;
    this.contacts = contacts;
    this.crm = crm;
  }

  /** The contact by id, from the projection or else from crm (then projected); null if none. */
  public Uni<ProjectedContact> byId(Tenant tenant, long id, String bearer) {
    return pool.withConnection(db -> contacts.find(db, tenant, id))
        .chain(
            found ->
                found != null || bearer == null
                    ? Uni.createFrom().item(found)
                    : crm.byId(id, bearer).chain(fetched -> project(tenant, fetched.orElse(null))));
  }

  /** The contact of an address, from the projection or else from crm; null if none. */
  public Uni<ProjectedContact> byAddress(
      Tenant tenant, String channel, String address, String bearer) {
    return pool.withConnection(db -> contacts.findByAddress(db, tenant, channel, address))
        .chain(
            found ->
                found != null || bearer == null
                    ? Uni.createFrom().item(found)
                    : crm.byAddress(channel, address, bearer)
                        .chain(fetched -> project(tenant, fetched.orElse(null))));
  }

  private Uni<ProjectedContact> project(Tenant tenant, ProjectedContact contact) {
    if (contact == null) {
      return Uni.createFrom().nullItem();
    }
    return pool.withTransaction(
        db ->
            contacts
                .insertIfAbsent(db, tenant, contact)
                .chain(() -> contacts.find(db, tenant, contact.id())));
  }
}
