package dev.solid.gateway.http;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects field errors of one request and throws them together as one 422. */
public final class Validation {
  private static final Pattern EMAIL =
      Pattern.compile(
          "^[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
  private final List<ProblemDetail> details = new ArrayList<>();

  public Validation required(String field, Object value) {
    if (value == null || value instanceof String s && s.isBlank()) {
      details.add(ProblemDetail.of(field, "required"));
    }
    return this;
  }

  public Validation maxLength(String field, String value, int max) {
    if (value != null && value.length() > max) {
      details.add(new ProblemDetail(field, "too_long", value.length()));
    }
    return this;
  }

  public Validation email(String field, String value) {
    if (value != null
        && !value.isBlank()
        && (value.length() > 254 || !EMAIL.matcher(value).matches())) {
      details.add(new ProblemDetail(field, "invalid_email", value));
    }
    return this;
  }

  public Validation check(boolean ok, String field, String error, Object received) {
    if (!ok) {
      details.add(new ProblemDetail(field, error, received));
    }
    return this;
  }

  /** Throws 422 naming the first failure in the message and all of them in details. */
  public void orThrow() {
    if (!details.isEmpty()) {
      ProblemDetail first = details.get(0);
      throw ApiException.validation(
          "Field '" + first.field() + "' " + describe(first.error()), List.copyOf(details));
    }
  }

  private static String describe(String error) {
    return switch (error) {
      case "required" -> "is required";
      case "too_long" -> "is too long";
      case "too_short" -> "is too short";
      case "invalid_email" -> "must be a valid email address";
      case "unknown_scope" -> "contains an unknown scope";
      default -> "is invalid (" + error + ")";
    };
  }
}
