package dev.solid.crm.deal;

import dev.solid.kit.tenant.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A deal: an amount a company hopes to win from a contact, in one stage of one pipeline.
 * Persistence model only; the API speaks {@link DealResponse}, whose status, probability and stage
 * name come from the stage. Stage changes go through {@link DealStages}, which keeps {@code
 * closed_at}, {@code lost_reason} and the history right.
 */
@Entity
@Table(name = "deals")
public class Deal extends TenantEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String title;
  private long amount;
  private String currency;

  @Column(name = "contact_id")
  private Long contactId;

  @Column(name = "pipeline_id", nullable = false)
  private Long pipelineId;

  @Column(name = "stage_id", nullable = false)
  private Long stageId;

  @Column(name = "expected_close_date")
  private LocalDate expectedCloseDate;

  @Column(name = "closed_at")
  private Instant closedAt;

  @Column(name = "lost_reason")
  private String lostReason;

  @Column(name = "sales_rep")
  private String salesRep;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "custom_fields", nullable = false, columnDefinition = "jsonb")
  private Map<String, Object> customFields = new LinkedHashMap<>();

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

  public long getAmount() {
    return amount;
  }

  public void setAmount(long amount) {
    this.amount = amount;
  }

  public String getCurrency() {
    return currency;
  }

  public void setCurrency(String currency) {
    this.currency = currency;
  }

  public Long getContactId() {
    return contactId;
  }

  public void setContactId(Long contactId) {
    this.contactId = contactId;
  }

  public long getPipelineId() {
    return pipelineId;
  }

  public void setPipelineId(long pipelineId) {
    this.pipelineId = pipelineId;
  }

  public long getStageId() {
    return stageId;
  }

  public void setStageId(long stageId) {
    this.stageId = stageId;
  }

  public LocalDate getExpectedCloseDate() {
    return expectedCloseDate;
  }

  public void setExpectedCloseDate(LocalDate expectedCloseDate) {
    this.expectedCloseDate = expectedCloseDate;
  }

  public Instant getClosedAt() {
    return closedAt;
  }

  public void setClosedAt(Instant closedAt) {
    this.closedAt = closedAt;
  }

  public String getLostReason() {
    return lostReason;
  }

  public void setLostReason(String lostReason) {
    this.lostReason = lostReason;
  }

  public String getSalesRep() {
    return salesRep;
  }

  public void setSalesRep(String salesRep) {
    this.salesRep = salesRep;
  }

  public Map<String, Object> getCustomFields() {
    return customFields == null ? Map.of() : new LinkedHashMap<>(customFields);
  }

  public void setCustomFields(Map<String, Object> customFields) {
    this.customFields = new LinkedHashMap<>(customFields);
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
