package dev.solid.crm.activity;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The bounds of an activity, shared by the request records, the filters and the service. */
public final class ActivityRules {
  public static final String TYPES = "note|call|email|meeting";
  public static final String TYPES_MESSAGE = "must be one of note, call, email, meeting";
  public static final String DIRECTIONS = "inbound|outbound";
  public static final String DIRECTIONS_MESSAGE = "must be one of inbound, outbound";
  public static final int MAX_BODY = 20_000;
  public static final int MAX_SUBJECT = 500;
  public static final int MAX_OUTCOME = 100;

  /** A week: the longest call or meeting anyone logs; longer is a typo. */
  public static final int MAX_DURATION_SECONDS = 86_400 * 7;

  private ActivityRules() {}

  /** Surrounding whitespace dropped; blank is "not given". */
  public static String strip(String value) {
    if (value == null) {
      return null;
    }
    String stripped = value.strip();
    return stripped.isEmpty() ? null : stripped;
  }

  /** The 422 of a field that must not be cleared or left blank. */
  public static ApiException required(String field) {
    return ApiException.validation(
        new ProblemDetail(field, "required", null), "Field '" + field + "' is required");
  }

  /** The 422 when neither a contact nor a deal is named. */
  static ApiException contactOrDealRequired() {
    return ApiException.validation(
        "An activity belongs to a contact or a deal: give 'contact_id', 'deal_id' or both",
        List.of(
            new ProblemDetail("contact_id", "required", null),
            new ProblemDetail("deal_id", "required", null)));
  }

  // PostgreSQL keeps microseconds; truncating makes the response equal what a later GET returns.
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public static Instant micros(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
  }
}
