package dev.solid.crm.deal;

import dev.solid.kit.tenant.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One entry of a deal's stage history, written in the transaction that moved the deal. Stage names
 * are copies, so the entry still reads right after a stage is renamed or deleted. Never updated.
 */
@Entity
@Table(name = "deal_stage_history")
public class DealStageChange extends TenantEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "deal_id", nullable = false, updatable = false)
  private Long dealId;

  @Column(name = "pipeline_id", nullable = false, updatable = false)
  private Long pipelineId;

  @Column(name = "from_stage_id", updatable = false)
  private Long fromStageId;

  @Column(name = "from_stage", updatable = false)
  private String fromStage;

  @Column(name = "to_stage_id", nullable = false, updatable = false)
  private Long toStageId;

  @Column(name = "to_stage", nullable = false, updatable = false)
  private String toStage;

  @Column(nullable = false, updatable = false)
  private long amount;

  @Column(nullable = false, updatable = false)
  private String currency;

  @Column(nullable = false, updatable = false)
  private String actor;

  @Column(name = "changed_at", nullable = false, updatable = false)
  private Instant changedAt;

  protected DealStageChange() {}

  DealStageChange(
      Deal deal, PipelineStage from, PipelineStage to, String actor, Instant changedAt) {
    this.dealId = deal.getId();
    this.pipelineId = to.getPipelineId();
    this.fromStageId = from == null ? null : from.getId();
    this.fromStage = from == null ? null : from.getName();
    this.toStageId = to.getId();
    this.toStage = to.getName();
    this.amount = deal.getAmount();
    this.currency = deal.getCurrency();
    this.actor = actor;
    this.changedAt = changedAt;
  }

  public Long getId() {
    return id;
  }

  public long getDealId() {
    return dealId;
  }

  public long getPipelineId() {
    return pipelineId;
  }

  public Long getFromStageId() {
    return fromStageId;
  }

  public String getFromStage() {
    return fromStage;
  }

  public long getToStageId() {
    return toStageId;
  }

  public String getToStage() {
    return toStage;
  }

  public long getAmount() {
    return amount;
  }

  public String getCurrency() {
    return currency;
  }

  public String getActor() {
    return actor;
  }

  public Instant getChangedAt() {
    return changedAt;
  }
}
