package dev.solid.kit.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantRepositoryTest {

  @Test
  void shouldPutTheTenantConditionBeforeAnyCallerCondition() {
    assertThat(TenantRepository.hql("Contact", "email = :e or 1 = 1", "id"))
        .isEqualTo(
            "from Contact where companyId = :tenantCompanyId and livemode = :tenantLivemode"
                + " and (email = :e or 1 = 1) order by id");
  }

  @Test
  void shouldScopeAQueryWithoutACallerCondition() {
    assertThat(TenantRepository.hql("Contact", null, null))
        .isEqualTo(
            "from Contact where companyId = :tenantCompanyId and livemode = :tenantLivemode");
  }
}
