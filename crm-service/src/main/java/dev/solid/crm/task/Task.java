package dev.solid.crm.task;

import dev.solid.kit.tenant.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A piece of work to do, optionally for a contact or a deal. {@code completedAt} is set exactly
 * while the status is {@code done} (a check constraint says so too). Persistence model only: the
 * API speaks {@link TaskResponse}.
 */
@Entity
@Table(name = "tasks")
public class Task extends TenantEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false)
  private String title;

  private String body;

  @Column(name = "due_at")
  private Instant dueAt;

  @Column(nullable = false)
  private String priority;

  @Column(nullable = false)
  private String status;

  private String assignee;

  @Column(name = "contact_id")
  private Long contactId;

  @Column(name = "deal_id")
  private Long dealId;

  @Column(name = "completed_at")
  private Instant completedAt;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  public Long getId() {
    return id;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public String getBody() {
    return body;
  }

  public void setBody(String body) {
    this.body = body;
  }

  public Instant getDueAt() {
    return dueAt;
  }

  public void setDueAt(Instant dueAt) {
    this.dueAt = dueAt;
  }

  public String getPriority() {
    return priority;
  }

  public void setPriority(String priority) {
    this.priority = priority;
  }

  public String getStatus() {
    return status;
  }

  /**
   * Moves the task to {@code status}: becoming done stamps {@code completedAt}, leaving done clears
   * it, staying done keeps the first completion time. True when the task became done.
   */
  public boolean moveTo(String status, Instant now) {
    boolean wasDone = TaskRules.DONE.equals(this.status);
    boolean done = TaskRules.DONE.equals(status);
    this.status = status;
    if (done && !wasDone) {
      completedAt = now;
    } else if (!done) {
      completedAt = null;
    }
    return done && !wasDone;
  }

  public String getAssignee() {
    return assignee;
  }

  public void setAssignee(String assignee) {
    this.assignee = assignee;
  }

  public Long getContactId() {
    return contactId;
  }

  public void setContactId(Long contactId) {
    this.contactId = contactId;
  }

  public Long getDealId() {
    return dealId;
  }

  public void setDealId(Long dealId) {
    this.dealId = dealId;
  }

  public Instant getCompletedAt() {
    return completedAt;
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
