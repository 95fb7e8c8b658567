package dev.solid.messaging.contact;

import dev.solid.common.caller.Tenant;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes sure the projection has a contact an API request needs: when the projection misses, crm is
 * asked with the caller's token and its answer is upserted, so the request's own transaction then
 * finds it as usual. Called before that transaction so no database connection waits on crm.
 *
 * <p>The upsert may race the projection consumer applying an older event of the same contact; the
 * next event of that contact corrects it, as the projection is only ever eventually consistent.
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
    return pool.withTransaction(db -> contacts.upsert(db, tenant, contact)).replaceWith(contact);
  }
}
