package dev.solid.kit.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
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
        "WITH x AS (SELECT 1) INSERT INTO s.a (company_id, livemode) VALUES ($1, $2)",
        "INSERT INTO s.keys AS k (company_id, livemode, name) VALUES ($1, $2, $3) RETURNING k.id"
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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM s.users WHERE company_id = $1 AND lower(email) = lower($2)",
        "SELECT * FROM s.keys k WHERE k.company_id = $1 AND ($2::boolean IS NULL OR k.livemode = $2)",
        "SELECT count(*) FROM s.keys WHERE company_id=$1 AND revoked_at IS NULL",
        "UPDATE s.keys AS k SET revoked_at = now() WHERE k.company_id = $1 AND k.id = $2",
        "DELETE FROM s.keys WHERE id = $2 AND company_id = $1",
        "INSERT INTO s.users (company_id, email) VALUES ($1, $2) RETURNING id",
        "INSERT INTO s.users AS u (company_id) SELECT $1 FROM s.x",
        "SELECT * FROM s.accounts WHERE company_id = $1 AND livemode = $2"
      })
  void shouldAcceptCompanyStatementsThatBindTheCompany(String sql) {
    assertThatCode(() -> TenantSql.requireCompanyCondition(sql)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM s.users WHERE lower(email) = lower($1)",
        "SELECT * FROM s.users WHERE company_id = $2",
        "SELECT * FROM s.users WHERE company_id = $10",
        "SELECT * FROM s.users WHERE parent_company_id = $1",
        "SELECT * FROM s.users WHERE company_id IS NOT NULL AND id = $1",
        "UPDATE s.keys SET revoked_at = now() WHERE id = $1",
        "DELETE FROM s.keys",
        "INSERT INTO s.users (email, company_id) VALUES ($2, $1)",
        "INSERT INTO s.users (company_id, email) VALUES ($2, $1)",
        "INSERT INTO s.users (company_id, email) VALUES ($10, $2)"
      })
  void shouldRefuseCompanyStatementsWithoutTheCompanyCondition(String sql) {
    assertThatThrownBy(() -> TenantSql.requireCompanyCondition(sql))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Company query without 'company_id = $1'");
  }

  @Test
  void shouldBindTheCompanyFirstAndKeepANullMode() {
    var tuple = TenantSql.companyParams(7L, 3L, null);
    assertThat(tuple.size()).isEqualTo(3);
    assertThat(tuple.getLong(0)).isEqualTo(7L);
    assertThat(tuple.getLong(1)).isEqualTo(3L);
    assertThat(tuple.getValue(2)).isNull();
  }

  @Test
  void shouldRefuseACompanyStatementBeforeItReachesTheClient() {
    assertThatThrownBy(() -> TenantSql.company(null, 7L, "SELECT * FROM s.users WHERE id = $2", 1L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseToBindWithoutATenant() {
    assertThatThrownBy(() -> TenantSql.params(null, 1L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseACrossTenantStatementWithoutAReason() {
    assertThatThrownBy(() -> TenantSql.crossTenant(null, " ", "SELECT 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
