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
 * A sales pipeline: a named, ordered set of {@link PipelineStage}s deals move through. Persistence
 * model only; the API speaks {@link PipelineResponse}. Its row is the lock every change of its
 * stages takes ({@code FOR UPDATE}), so stage names and positions stay consistent.
 */
@Entity
@Table(name = "pipelines")
public class Pipeline extends TenantEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String name;

  @Column(name = "is_default", nullable = false, updatable = false)
  private boolean defaultPipeline;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public boolean isDefaultPipeline() {
    return defaultPipeline;
  }

  public void setDefaultPipeline(boolean defaultPipeline) {
    this.defaultPipeline = defaultPipeline;
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
