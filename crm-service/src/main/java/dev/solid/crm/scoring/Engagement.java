package dev.solid.crm.scoring;

import dev.solid.kit.tenant.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One engagement event of a contact (see V6__lead_scoring.sql): written once per event id, never
 * changed; the score's decay is computed from {@code occurredAt}.
 */
@Entity
@Table(name = "lead_engagement")
public class Engagement extends TenantEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "contact_id", nullable = false, updatable = false)
  private long contactId;

  @Column(nullable = false, updatable = false)
  private String kind;

  @Column(updatable = false)
  private String detail;

  @Column(nullable = false, updatable = false)
  private int points;

  @Column(name = "occurred_at", nullable = false, updatable = false)
  private Instant occurredAt;

  @Column(name = "event_id", nullable = false, updatable = false)
  private String eventId;

  protected Engagement() {}

  Engagement(
      long contactId,
      RuleType kind,
      String detail,
      int points,
      Instant occurredAt,
      String eventId) {
    this.contactId = contactId;
    this.kind = kind.wire();
    this.detail = detail;
    this.points = points;
    this.occurredAt = occurredAt;
    this.eventId = eventId;
  }

  long contactId() {
    return contactId;
  }

  EngagementFact fact() {
    return new EngagementFact(RuleType.of(kind).orElseThrow(), detail, occurredAt);
  }
}
