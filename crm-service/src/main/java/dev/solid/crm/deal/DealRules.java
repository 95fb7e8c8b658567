package dev.solid.crm.deal;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The limits of a deal's fields, and the deal rules annotations cannot express. Pure functions. */
final class DealRules {
  static final int MAX_TITLE = 200;

  /**
   * Largest amount, in cents: 99,999,999,999 (just under one billion in the major unit). Far above
   * any real deal, and amount × 100 (the weighted amount's product) stays far inside a long.
   */
  static final long MAX_AMOUNT = 99_999_999_999L;

  static final int MAX_LOST_REASON = 500;
  static final int MAX_SALES_REP = 200;
  static final int MAX_STAGE_NAME = PipelineRules.MAX_NAME;
  static final int MAX_CUSTOM_FIELDS = 50;

  /** A custom field's key, as for contacts. */
  static final String CUSTOM_KEY = "[A-Za-z0-9_]{1,64}";

  static final String DEFAULT_CURRENCY = "usd";

  private DealRules() {}

  /** The stored form of a currency code: lower case; the default when none was given. */
  static String currency(String code) {
    return code == null ? DEFAULT_CURRENCY : code.strip().toLowerCase(Locale.ROOT);
  }

  /** Text without surrounding whitespace; blank text is "not given" (null). */
  static String strip(String value) {
    if (value == null) {
      return null;
    }
    String stripped = value.strip();
    return stripped.isEmpty() ? null : stripped;
  }

  /** 422: {@code lost_reason} belongs to lost deals only. */
  static ApiException lostReasonNeedsLostStage() {
    return ApiException.validation(
        ProblemDetail.of("lost_reason", "only_when_lost"),
        "Field 'lost_reason' is only allowed for a deal in a lost stage");
  }

  /** 422 naming the field that names something the company does not have. */
  static ApiException unknown(String field, Object value, String what) {
    return ApiException.validation(
        new ProblemDetail(field, "unknown_" + what, value),
        "Field '" + field + "' names no " + what + " of your company");
  }

  /** Custom fields after merging {@code changes} into {@code current}; a null value removes. */
  static Map<String, Object> mergeCustomFields(
      Map<String, Object> current, Map<String, Object> changes) {
    Map<String, Object> merged = new LinkedHashMap<>(current);
    changes.forEach(
        (key, value) -> {
          if (value == null) {
            merged.remove(key);
          } else {
            merged.put(key, value);
          }
        });
    if (merged.size() > MAX_CUSTOM_FIELDS) {
      throw ApiException.validation(
          new ProblemDetail("custom_fields", "too_many", merged.size()),
          "A deal has at most " + MAX_CUSTOM_FIELDS + " custom fields");
    }
    return merged;
  }
}
