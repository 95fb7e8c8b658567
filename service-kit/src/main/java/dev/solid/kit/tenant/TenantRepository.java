package dev.solid.kit.tenant;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The one way services on Hibernate Reactive query tenant data (services on the reactive SQL client
 * use {@link TenantSql}, which refuses a statement without the same condition). Every query built
 * here starts with {@code company_id} and {@code livemode} from the caller's {@link Tenant};
 * subclasses only add conditions. There is no unscoped finder, so another company's row (or a live
 * row seen with a test key) is simply not found, which the API reports as 404.
 *
 * <p>Runs on the session that {@code @WithSession}/{@code @WithTransaction} bound to the request.
 */
public abstract class TenantRepository<E extends TenantEntity> {
  private static final String TENANT_CONDITION =
      "companyId = :tenantCompanyId and livemode = :tenantLivemode";

  private final Class<E> type;

  protected TenantRepository(Class<E> type) {
    this.type = type;
  }

  /** The row with this id in the tenant, or null. */
  public Uni<E> findById(Tenant tenant, long id) {
    return findFirst(tenant, "id = :id", Map.of("id", id), false);
  }

  /** The row with this id in the tenant, locked for update until the transaction ends, or null. */
  public Uni<E> findByIdForUpdate(Tenant tenant, long id) {
    return findFirst(tenant, "id = :id", Map.of("id", id), true);
  }

  /** Inserts the row as belonging to the tenant. */
  public Uni<E> persist(Tenant tenant, E entity) {
    entity.assignTenant(tenant);
    return StatementDeadline.bounded(
        Panache.getSession()
            .chain(session -> session.persist(entity).chain(session::flush))
            .replaceWith(entity));
  }

  /** Writes pending changes now, so constraint violations surface inside the caller's chain. */
  public Uni<Void> flush() {
    return StatementDeadline.bounded(Panache.getSession().chain(Mutiny.Session::flush));
  }

  /** Deletes a row previously loaded through this repository. */
  public Uni<Void> delete(Tenant tenant, E entity) {
    if (!tenant.equals(entity.tenant())) {
      throw new IllegalStateException("Refusing to delete a row of another tenant");
    }
    return StatementDeadline.bounded(
        Panache.getSession().chain(session -> session.remove(entity).chain(session::flush)));
  }

  /**
   * The first row of the tenant matching {@code where} (HQL over the entity, may be null).
   *
   * @param forUpdate lock the row ({@code SELECT … FOR UPDATE}) until the transaction ends
   */
  protected Uni<E> findFirst(
      Tenant tenant, String where, Map<String, Object> params, boolean forUpdate) {
    return StatementDeadline.bounded(
        Panache.getSession()
            .chain(
                session -> {
                  var query = select(session, tenant, where, params, "id").setMaxResults(1);
                  if (forUpdate) {
                    query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
                  }
                  return query.getSingleResultOrNull();
                }));
  }

  /** One page of the tenant's rows matching {@code where}, in {@code orderBy} order. */
  protected Uni<List<E>> list(
      Tenant tenant, String where, Map<String, Object> params, String orderBy, PageRequest page) {
    return StatementDeadline.bounded(
        Panache.getSession()
            .chain(
                session ->
                    select(session, tenant, where, params, orderBy)
                        .setFirstResult(page.offset())
                        .setMaxResults(page.limit())
                        .getResultList()));
  }

  /** How many of the tenant's rows match {@code where}. */
  protected Uni<Long> count(Tenant tenant, String where, Map<String, Object> params) {
    return StatementDeadline.bounded(
        Panache.getSession()
            .chain(session -> select(session, tenant, where, params, null).getResultCount()));
  }

  /**
   * The HQL of a tenant query: the tenant condition first, always, then the caller's condition in
   * parentheses (so an {@code or} in it cannot escape the tenant).
   */
  static String hql(String entity, String where, String orderBy) {
    StringBuilder hql = new StringBuilder("from ").append(entity).append(" where ");
    hql.append(TENANT_CONDITION);
    if (where != null && !where.isBlank()) {
      hql.append(" and (").append(where).append(')');
    }
    if (orderBy != null) {
      hql.append(" order by ").append(orderBy);
    }
    return hql.toString();
  }

  private Mutiny.SelectionQuery<E> select(
      Mutiny.Session session,
      Tenant tenant,
      String where,
      Map<String, Object> params,
      String orderBy) {
    if (tenant == null) {
      throw new IllegalArgumentException("A tenant query needs the caller's tenant");
    }
    Map<String, Object> all = new HashMap<>(params);
    all.put("tenantCompanyId", tenant.companyId());
    all.put("tenantLivemode", tenant.livemode());
    Mutiny.SelectionQuery<E> query =
        session.createSelectionQuery(hql(type.getSimpleName(), where, orderBy), type);
    all.forEach(query::setParameter);
    return query;
  }
}
