package dev.solid.crm.timeline;

import dev.solid.kit.tenant.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * What crm learnt from one event of another service for a contact's timeline (a message, an order,
 * a payment): the projection the timeline reads instead of the other services' tables. Written once
 * per event by the timeline consumers, never changed.
 */
@Entity
@Table(name = "timeline_entries")
public class TimelineEntry extends TenantEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "contact_id", nullable = false, updatable = false)
  private long contactId;

  @Column(nullable = false, updatable = false)
  private String type;

  @Column(name = "occurred_at", nullable = false, updatable = false)
  private Instant occurredAt;

  @Column(nullable = false, updatable = false)
  private String summary;

  @Column(name = "ref_object", nullable = false, updatable = false)
  private String refObject;

  @Column(name = "ref_id", nullable = false, updatable = false)
  private String refId;

  @Column(name = "event_id", nullable = false, updatable = false)
  private String eventId;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  protected TimelineEntry() {}

  TimelineEntry(
      long contactId,
      String type,
      Instant occurredAt,
      String summary,
      String refObject,
      String refId,
      String eventId,
      Instant createdAt) {
    this.contactId = contactId;
    this.type = type;
    this.occurredAt = occurredAt;
    this.summary = summary;
    this.refObject = refObject;
    this.refId = refId;
    this.eventId = eventId;
    this.createdAt = createdAt;
  }

  public Long getId() {
    return id;
  }

  public long getContactId() {
    return contactId;
  }

  public String getType() {
    return type;
  }

  public Instant getOccurredAt() {
    return occurredAt;
  }

  public String getSummary() {
    return summary;
  }

  public String getRefObject() {
    return refObject;
  }

  public String getRefId() {
    return refId;
  }
}
