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
 * Rescoring every contact of a tenant after its rules changed (see V6__lead_scoring.sql): {@code
 * queued} → {@code running} → {@code completed}, or {@code superseded} when newer rules started a
 * newer job first. The cursor is the last contact id done, committed with each batch.
 */
@Entity
@Table(name = "lead_rescore_jobs")
public class RescoreJob extends TenantEntity {
  static final String QUEUED = "queued";
  static final String RUNNING = "running";
  static final String COMPLETED = "completed";
  static final String SUPERSEDED = "superseded";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false)
  private String status;

  @Column(name = "rules_version", nullable = false, updatable = false)
  private long rulesVersion;

  @Column(nullable = false)
  private int total;

  @Column(nullable = false)
  private int processed;

  /** Contacts whose score changed. */
  @Column(nullable = false)
  private int rescored;

  /** Contacts a {@code lead.scored} was sent for. */
  @Column(nullable = false)
  private int announced;

  @Column(name = "cursor_id", nullable = false)
  private long cursorId;

  @Column(name = "lease_until")
  private Instant leaseUntil;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "completed_at")
  private Instant completedAt;

  protected RescoreJob() {}

  RescoreJob(long rulesVersion, int total, Instant now) {
    this.status = QUEUED;
    this.rulesVersion = rulesVersion;
    this.total = total;
    this.createdAt = now;
    this.updatedAt = now;
  }

  boolean pending() {
    return QUEUED.equals(status) || RUNNING.equals(status);
  }

  long cursor() {
    return cursorId;
  }

  /**
   * Records a batch: {@code lastId} is the last contact done, {@code finished} says no contact
   * follows. {@code leaseUntil} keeps the job with this worker (null hands it back).
   */
  void advance(
      int done,
      int changed,
      int told,
      Long lastId,
      boolean finished,
      Instant now,
      Instant leaseUntil) {
    this.processed += done;
    this.rescored += changed;
    this.announced += told;
    if (lastId != null) {
      this.cursorId = lastId;
    }
    this.updatedAt = now;
    if (finished) {
      this.status = COMPLETED;
      this.completedAt = now;
      this.leaseUntil = null;
    } else {
      this.status = RUNNING;
      this.leaseUntil = leaseUntil;
    }
  }

  void supersede(Instant now) {
    this.status = SUPERSEDED;
    this.updatedAt = now;
    this.leaseUntil = null;
  }

  RescoreJobResponse toResponse() {
    return new RescoreJobResponse(
        id, status, rulesVersion, total, processed, rescored, announced, createdAt, completedAt);
  }
}
