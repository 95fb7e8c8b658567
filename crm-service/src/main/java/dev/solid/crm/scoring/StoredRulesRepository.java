package dev.solid.crm.scoring;

import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** The tenant's stored scoring rules, tenant-scoped by {@link TenantRepository}. */
@ApplicationScoped
@WithSession
public class StoredRulesRepository extends TenantRepository<StoredRules> {

  public StoredRulesRepository() {
    super(StoredRules.class);
  }

  /** The tenant's row, or null when it scores with the defaults. */
  public Uni<StoredRules> forTenant(Tenant tenant, boolean forUpdate) {
    return findFirst(tenant, null, Map.of(), forUpdate);
  }

  /** The rules the tenant scores with now: its own, or the defaults. */
  public Uni<ScoringRules> current(Tenant tenant) {
    return forTenant(tenant, false).map(row -> row == null ? ScoringRules.DEFAULTS : row.toRules());
  }
}
