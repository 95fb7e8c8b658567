package dev.solid.kit.tenant;

import dev.solid.common.caller.Tenant;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/**
 * A row that belongs to one company in one mode. The owner is set once, by {@link
 * TenantRepository#persist}, from the caller's tenant; nothing else writes these columns.
 */
@MappedSuperclass
public abstract class TenantEntity {

  @Column(name = "company_id", nullable = false, updatable = false)
  private Long companyId;

  @Column(name = "livemode", nullable = false, updatable = false)
  private Boolean livemode;

  public long getCompanyId() {
    return companyId;
  }

  public boolean isLivemode() {
    return livemode;
  }

  /** The tenant owning this row, or null before it was persisted. */
  public Tenant tenant() {
    return companyId == null ? null : new Tenant(companyId, livemode);
  }

  final void assignTenant(Tenant tenant) {
    if (companyId != null && !tenant.equals(tenant())) {
      throw new IllegalStateException("A row never changes company or mode");
    }
    this.companyId = tenant.companyId();
    this.livemode = tenant.livemode();
  }
}
