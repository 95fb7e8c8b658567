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
 * One stage of a {@link Pipeline}. {@code kind} says what a deal in it is: still open, won or lost;
 * {@code probability} (0 to 100) weighs the deals in it. Positions of a pipeline's stages are
 * 0..n-1.
 */
@Entity
@Table(name = "pipeline_stages")
public class PipelineStage extends TenantEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "pipeline_id", nullable = false, updatable = false)
  private Long pipelineId;

  private String name;

  // "position" is an HQL function name; the field is named for what it is instead.
  @Column(name = "position", nullable = false)
  private int stageOrder;

  private int probability;

  private String kind;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  public Long getId() {
    return id;
  }

  public long getPipelineId() {
    return pipelineId;
  }

  public void setPipelineId(long pipelineId) {
    this.pipelineId = pipelineId;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public int getStageOrder() {
    return stageOrder;
  }

  public void setStageOrder(int stageOrder) {
    this.stageOrder = stageOrder;
  }

  public int getProbability() {
    return probability;
  }

  public void setProbability(int probability) {
    this.probability = probability;
  }

  public StageKind getKind() {
    return StageKind.of(kind);
  }

  public void setKind(StageKind kind) {
    this.kind = kind.wire();
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(Instant createdAt) {
    this.createdAt = createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public void setUpdatedAt(Instant updatedAt) {
    this.updatedAt = updatedAt;
  }
}
