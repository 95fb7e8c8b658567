package dev.solid.kit.tenant;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantSqlTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM s.accounts WHERE company_id = $1 AND livemode = $2 AND id = $3",
        "SELECT * FROM s.accounts a JOIN s.x x ON x.id = a.x WHERE a.company_id = $1 AND"
            + " a.livemode = $2",
        "UPDATE s.accounts SET name = $3 WHERE company_id = $1 AND livemode = $2 AND id = $4",
        "DELETE FROM s.accounts WHERE company_id=$1 and livemode=$2",
        "INSERT INTO s.accounts (company_id, livemode, name) VALUES ($1, $2, $3)",
        "INSERT INTO s.accounts (company_id, livemode, name) SELECT $1, $2, n FROM unnest($3) n",
        "WITH x AS (SELECT 1) INSERT INTO s.a (company_id, livemode) VALUES ($1, $2)"
      })
  void shouldAcceptStatementsThatBindTheTenant(String sql) {
    assertThatCode(() -> TenantSql.requireTenantCondition(sql)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM s.accounts WHERE id = $3",
        "SELECT * FROM s.accounts WHERE company_id = $1",
        "SELECT * FROM s.accounts WHERE company_id = $1 OR livemode = $2",
        "SELECT * FROM s.accounts WHERE company_id = $3 AND livemode = $4",
        "SELECT * FROM s.accounts WHERE company_id = $1 AND livemode = $21",
        "SELECT * FROM s.a a, s.b b WHERE a.company_id = $1 AND b.livemode = $2",
        "UPDATE s.accounts SET name = $3",
        "DELETE FROM s.accounts",
        "INSERT INTO s.accounts (name, company_id, livemode) VALUES ($3, $1, $2)",
        "INSERT INTO s.accounts (company_id, livemode, name) VALUES ($3, $4, $1)"
      })
  void shouldRefuseStatementsWithoutTheTenantCondition(String sql) {
    assertThatThrownBy(() -> TenantSql.requireTenantCondition(sql))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Tenant query without");
  }

  @org.junit.jupiter.api.Test
  void shouldRefuseToBindWithoutATenant() {
    assertThatThrownBy(() -> TenantSql.params(null, 1L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void shouldRefuseACrossTenantStatementWithoutAReason() {
    assertThatThrownBy(() -> TenantSql.crossTenant(null, " ", "SELECT 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
