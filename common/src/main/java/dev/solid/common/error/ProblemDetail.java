package dev.solid.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One field-level failure inside a {@link Problem}: which field, what rule, and what was sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(String field, String error, Object received) {

  public static ProblemDetail of(String field, String error) {
    return new ProblemDetail(field, error, null);
  }
}
