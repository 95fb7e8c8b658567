package dev.solid.kit.http;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;

/** Parsing of path and query values, shared by every service's resources. */
public final class Params {
  private Params() {}

  /** A numeric id from the path; anything else cannot exist, so it is a 404. */
  public static long id(String what, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.notFound(what);
    }
  }

  /** An optional integer query parameter; not a number is a 422 naming it. */
  public static Integer integer(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      throw ApiException.validation(
          new ProblemDetail(name, "invalid_type", value),
          "Query parameter '" + name + "' must be an integer");
    }
  }

  public static Long longValue(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.valueOf(value.strip());
    } catch (NumberFormatException e) {
      throw ApiException.validation(
          new ProblemDetail(name, "invalid_type", value),
          "Query parameter '" + name + "' must be an integer");
    }
  }

  /** An optional boolean query parameter: {@code true} or {@code false}, else a 422 naming it. */
  public static Boolean bool(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return switch (value.strip()) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default ->
          throw ApiException.validation(
              new ProblemDetail(name, "invalid_type", value),
              "Query parameter '" + name + "' must be true or false");
    };
  }
}
