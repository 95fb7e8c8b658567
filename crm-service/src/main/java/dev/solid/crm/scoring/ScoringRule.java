package dev.solid.crm.scoring;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One validated rule. {@code tag} belongs to {@code has_tag}; {@code field} and {@code value} to
 * the custom field rules; {@code activityType} (optional) to {@code activity_logged}. Other
 * parameters are null.
 */
public record ScoringRule(
    RuleType type, int points, String tag, String field, String value, String activityType) {

  public static ScoringRule of(RuleType type, int points) {
    return new ScoringRule(type, points, null, null, null, null);
  }

  /** Whether this fit rule holds for the contact. Always false for an engagement rule. */
  boolean matches(ContactFacts contact) {
    return switch (type) {
      case HAS_EMAIL -> contact.email() != null;
      case HAS_PHONE -> contact.phone() != null;
      case HAS_TAG -> contact.tags().contains(tag);
      case CUSTOM_FIELD_EQUALS -> {
        Object actual = contact.customFields().get(field);
        yield actual != null && String.valueOf(actual).equalsIgnoreCase(value);
      }
      case CUSTOM_FIELD_CONTAINS -> {
        Object actual = contact.customFields().get(field);
        yield actual != null
            && String.valueOf(actual)
                .toLowerCase(Locale.ROOT)
                .contains(value.toLowerCase(Locale.ROOT));
      }
      case BUSINESS_EMAIL -> contact.email() != null && !FreeMailDomains.isFree(contact.email());
      case FREE_EMAIL -> contact.email() != null && FreeMailDomains.isFree(contact.email());
      default -> false;
    };
  }

  /** Whether this engagement rule counts an event of {@code kind} (with its {@code detail}). */
  boolean counts(RuleType kind, String detail) {
    return type == kind
        && (type != RuleType.ACTIVITY_LOGGED
            || activityType == null
            || activityType.equalsIgnoreCase(Objects.requireNonNullElse(detail, "")));
  }

  /** The rule as stored and shown: its type, points and the parameters it has. */
  Map<String, Object> toMap() {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    map.put("type", type.wire());
    map.put("points", points);
    if (tag != null) {
      map.put("tag", tag);
    }
    if (field != null) {
      map.put("field", field);
    }
    if (value != null) {
      map.put("value", value);
    }
    if (activityType != null) {
      map.put("activity_type", activityType);
    }
    return map;
  }

  /** A rule read back from storage (written by {@link #toMap}). */
  static ScoringRule fromMap(Map<String, Object> map) {
    return new ScoringRule(
        RuleType.of((String) map.get("type")).orElseThrow(),
        ((Number) map.get("points")).intValue(),
        (String) map.get("tag"),
        (String) map.get("field"),
        (String) map.get("value"),
        (String) map.get("activity_type"));
  }
}
