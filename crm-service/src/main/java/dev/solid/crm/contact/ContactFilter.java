package dev.solid.crm.contact;

/**
 * What a contact list is narrowed to: {@code search} is a case-insensitive substring of name,
 * email, username or phone; {@code tag} an exact tag; {@code minScore} a lowest lead score. Null
 * means no filter. {@code sort} orders the list: {@link Sort#NEWEST} unless asked.
 */
public record ContactFilter(String search, String tag, Integer minScore, Sort sort) {
  public ContactFilter {
    search = search == null || search.isBlank() ? null : search.trim();
    tag = tag == null || tag.isBlank() ? null : tag.trim();
    sort = sort == null ? Sort.NEWEST : sort;
  }

  public ContactFilter(String search, String tag) {
    this(search, tag, null, null);
  }

  /** List orders; ties go by id, so pages never overlap. */
  public enum Sort {
    NEWEST(null, "id desc"),
    LEAD_SCORE_DESC("-lead_score", "leadScore desc, id desc"),
    LEAD_SCORE_ASC("lead_score", "leadScore asc, id asc");

    private final String wire;
    private final String orderBy;

    Sort(String wire, String orderBy) {
      this.wire = wire;
      this.orderBy = orderBy;
    }

    /** The order of a {@code sort=} value; null when it is not one. */
    public static Sort of(String wire) {
      for (Sort sort : values()) {
        if (sort.wire != null && sort.wire.equals(wire)) {
          return sort;
        }
      }
      return null;
    }

    String orderBy() {
      return orderBy;
    }
  }
}
