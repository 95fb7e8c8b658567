package dev.solid.crm.contact;

import dev.solid.kit.tenant.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A person a company keeps in its CRM. Persistence model only: the API speaks {@link
 * ContactResponse}, and every query goes through {@link ContactRepository}.
 *
 * <p>Collections are always replaced, never mutated in place, so Hibernate sees every change.
 */
@Entity
@Table(name = "contacts")
public class Contact extends TenantEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String name;

  @Column(name = "first_name")
  private String firstName;

  @Column(name = "last_name")
  private String lastName;

  private String username;
  private String email;
  private String phone;

  @Column(name = "telegram_id")
  private Long telegramId;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "tags", nullable = false, columnDefinition = "text[]")
  private List<String> tags = List.of();

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "custom_fields", nullable = false, columnDefinition = "jsonb")
  private Map<String, Object> customFields = new LinkedHashMap<>();

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  // --- lead score: written only by dev.solid.crm.scoring (its LeadScore maps the same row) ---
  @Column(name = "lead_score", insertable = false, updatable = false)
  private int leadScore;

  @Column(name = "lead_score_band", insertable = false, updatable = false)
  private String leadScoreBand = "cold";

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(
      name = "lead_score_reasons",
      insertable = false,
      updatable = false,
      columnDefinition = "jsonb")
  private Map<String, Object> leadScoreReasons = Map.of("items", List.of());

  // --- end lead score ---

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getFirstName() {
    return firstName;
  }

  public void setFirstName(String firstName) {
    this.firstName = firstName;
  }

  public String getLastName() {
    return lastName;
  }

  public void setLastName(String lastName) {
    this.lastName = lastName;
  }

  public Long getTelegramId() {
    return telegramId;
  }

  public void setTelegramId(Long telegramId) {
    this.telegramId = telegramId;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getPhone() {
    return phone;
  }

  public void setPhone(String phone) {
    this.phone = phone;
  }

  public List<String> getTags() {
    return tags == null ? List.of() : List.copyOf(tags);
  }

  public void setTags(List<String> tags) {
    this.tags = List.copyOf(tags);
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

  public int getLeadScore() {
    return leadScore;
  }

  public String getLeadScoreBand() {
    return leadScoreBand;
  }

  /** The reasons, stored as {@code {"items": [...]}} (Hibernate Reactive reads JSON objects). */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> getLeadScoreReasons() {
    Object items = leadScoreReasons == null ? null : leadScoreReasons.get("items");
    return items instanceof List<?> list
        ? List.copyOf((List<Map<String, Object>>) list)
        : List.of();
  }

  /** True when the contact still has something to find it by. */
  boolean hasIdentifier() {
    return name != null || email != null || username != null || phone != null || telegramId != null;
  }
}
