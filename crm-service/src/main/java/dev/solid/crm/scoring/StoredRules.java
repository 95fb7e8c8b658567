package dev.solid.crm.scoring;

import dev.solid.kit.tenant.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A tenant's own scoring rules (one row per company and mode; none means the defaults). */
@Entity
@Table(name = "lead_scoring_rules")
public class StoredRules extends TenantEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false, columnDefinition = "jsonb")
  private Map<String, Object> rules;

  @Column(name = "half_life_days", nullable = false)
  private int halfLifeDays;

  @Column(name = "warm_threshold", nullable = false)
  private int warm;

  @Column(name = "mql_threshold", nullable = false)
  private int mql;

  @Column(name = "hot_threshold", nullable = false)
  private int hot;

  @Column(nullable = false)
  private long version;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  ScoringRules toRules() {
    return new ScoringRules(
        JsonList.items(rules).stream().map(ScoringRule::fromMap).toList(),
        halfLifeDays,
        new Thresholds(warm, mql, hot),
        version);
  }

  /** Replaces the configuration and counts the change. */
  void replace(ScoringRules next, Instant now) {
    this.rules = JsonList.of(next.rules().stream().map(ScoringRule::toMap).toList());
    this.halfLifeDays = next.halfLifeDays();
    this.warm = next.thresholds().warm();
    this.mql = next.thresholds().mql();
    this.hot = next.thresholds().hot();
    this.version = version + 1;
    this.updatedAt = now;
  }

  Instant updatedAt() {
    return updatedAt;
  }
}
