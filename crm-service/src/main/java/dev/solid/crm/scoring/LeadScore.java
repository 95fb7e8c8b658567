package dev.solid.crm.scoring;

import dev.solid.kit.tenant.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The scoring side of a contact: the same {@code crm.contacts} row as {@code contact.Contact}, seen
 * through the columns scoring reads (email, phone, tags, custom fields; read-only here) and the
 * ones it alone writes (the {@code lead_score*} columns, read-only in {@code Contact}). Two
 * mappings of one table keep the contact code free of scoring and scoring free of contact writes;
 * the row is never inserted through this class.
 *
 * <p>{@code @Version} (lead_score_version): the consumer, the rescore job and the decay job may
 * score one contact at the same moment; the later commit fails instead of overwriting a score
 * computed from newer engagement, and is retried.
 */
@Entity
@Table(name = "contacts")
public class LeadScore extends TenantEntity {
  @Id private Long id;

  @Column(insertable = false, updatable = false)
  private String email;

  @Column(insertable = false, updatable = false)
  private String phone;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "tags", insertable = false, updatable = false, columnDefinition = "text[]")
  private List<String> tags;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "custom_fields", insertable = false, updatable = false, columnDefinition = "jsonb")
  private Map<String, Object> customFields;

  @Column(name = "lead_score", nullable = false)
  private int score;

  @Column(name = "lead_score_band", nullable = false)
  private String band;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "lead_score_reasons", nullable = false, columnDefinition = "jsonb")
  private Map<String, Object> reasons = JsonList.of(List.of());

  @Column(name = "lead_scored_at")
  private Instant scoredAt;

  @Column(name = "lead_score_announced", nullable = false)
  private int announcedScore;

  @Column(name = "lead_score_announced_band", nullable = false)
  private String announcedBand;

  @Column(name = "lead_score_refresh_at")
  private Instant refreshAt;

  @Version
  @Column(name = "lead_score_version", nullable = false)
  private int version;

  public Long getId() {
    return id;
  }

  /** The contact's properties as fit rules see them. */
  ContactFacts facts() {
    return new ContactFacts(email, phone, tags, customFields);
  }

  public int getScore() {
    return score;
  }

  public String getBand() {
    return band;
  }

  /**
   * Stores a computed score and, when the change is worth telling (another band than last
   * announced, or at least {@code minMove} points from it), marks it announced and answers what to
   * tell; otherwise null. {@code refreshAt}: when decay must be recomputed, null when settled.
   */
  Announcement apply(ScoreResult result, Instant now, Instant refreshAt, int minMove) {
    this.score = result.score();
    this.band = result.band();
    if (!result.reasons().equals(JsonList.items(reasons))) {
      this.reasons = JsonList.of(result.reasons());
    }
    this.scoredAt = now;
    this.refreshAt = refreshAt;
    boolean bandChanged = !result.band().equals(announcedBand);
    if (!bandChanged && Math.abs(result.score() - announcedScore) < minMove) {
      return null;
    }
    Announcement told =
        new Announcement(
            id, result.score(), announcedScore, result.band(), announcedBand, result.reasons());
    this.announcedScore = result.score();
    this.announcedBand = result.band();
    return told;
  }

  /** What a {@code lead.scored} event says about one contact. */
  public record Announcement(
      long contactId,
      int score,
      int previousScore,
      String band,
      String previousBand,
      List<Map<String, Object>> reasons) {}
}
