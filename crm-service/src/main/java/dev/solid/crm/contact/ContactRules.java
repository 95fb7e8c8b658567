package dev.solid.crm.contact;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validation and normalization of contact fields. Pure functions: every problem of a body is
 * collected and reported at once as one 422 {@code validation_error} with per-field details.
 */
final class ContactRules {
  static final int MAX_NAME = 200;
  static final int MAX_EMAIL = 254;
  static final int MAX_USERNAME = 64;
  static final int MAX_TAGS = 50;
  static final int MAX_TAG = 64;
  static final int MAX_CUSTOM_FIELDS = 50;
  static final int MAX_CUSTOM_KEY = 64;
  static final int MAX_CUSTOM_STRING = 1000;

  private static final Pattern EMAIL =
      Pattern.compile(
          "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
              + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
  private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s\\-.()]");
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{1,14}$");
  private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9_.-]+$");
  private static final Pattern CUSTOM_KEY = Pattern.compile("^[A-Za-z0-9_]{1,64}$");
  private static final List<String> IDENTIFIERS = List.of("name", "email", "username", "phone");

  private ContactRules() {}

  /** Validates and normalizes an upsert body, deriving name parts from each other. */
  static ContactInput forUpsert(ContactRequest body) {
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    List<ProblemDetail> problems = new ArrayList<>();
    String name = text("name", body.name(), MAX_NAME, problems);
    String first = text("first_name", body.firstName(), MAX_NAME, problems);
    String last = text("last_name", body.lastName(), MAX_NAME, problems);
    boolean nameDerived = false;
    if (name != null && first == null && last == null) {
      int space = name.indexOf(' ');
      first = space < 0 ? name : name.substring(0, space);
      last = space < 0 ? null : blankToNull(name.substring(space + 1));
    } else if (name == null && (first != null || last != null)) {
      name = joinName(first, last);
      nameDerived = true;
      if (name.length() > MAX_NAME) {
        problems.add(new ProblemDetail("name", "too_long", name));
      }
    }
    String username = username(body.username(), problems);
    String email = email(body.email(), problems);
    String phone = phone(body.phone(), problems);
    List<String> tags = body.tags() == null ? null : tags(body.tags(), problems);
    Map<String, Object> customFields =
        body.customFields() == null ? null : customFields(body.customFields(), problems);
    if (problems.isEmpty() && name == null && email == null && username == null && phone == null) {
      throw identifierRequired(
          "At least one of 'name', 'email', 'username' or 'phone' is required");
    }
    fail(problems);
    return new ContactInput(
        name, nameDerived, first, last, username, email, phone, tags, customFields);
  }

  /** The display name made of the given name parts; null when both are null. */
  static String joinName(String first, String last) {
    return first == null ? last : last == null ? first : first + " " + last;
  }

  /** Validates and normalizes a PATCH body; no name derivation, exactly what was sent changes. */
  static ContactChanges forPatch(ContactPatch body, Set<String> sent) {
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    List<ProblemDetail> problems = new ArrayList<>();
    var changes =
        new ContactChanges(
            sent(sent, "name", body.name(), v -> text("name", v, MAX_NAME, problems)),
            sent(
                sent,
                "first_name",
                body.firstName(),
                v -> text("first_name", v, MAX_NAME, problems)),
            sent(sent, "last_name", body.lastName(), v -> text("last_name", v, MAX_NAME, problems)),
            sent(sent, "username", body.username(), v -> username(v, problems)),
            sent(sent, "email", body.email(), v -> email(v, problems)),
            sent(sent, "phone", body.phone(), v -> phone(v, problems)),
            sent(sent, "tags", body.tags(), v -> tags(v, problems)),
            sent(sent, "custom_fields", body.customFields(), v -> customFields(v, problems)));
    fail(problems);
    return changes;
  }

  /** Tags of a contact after adding {@code added}: union in order, no duplicates, at most 50. */
  static List<String> mergeTags(List<String> current, List<String> added) {
    LinkedHashSet<String> merged = new LinkedHashSet<>(current);
    merged.addAll(added);
    requireTagCount(merged.size());
    return List.copyOf(merged);
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
          "A contact has at most " + MAX_CUSTOM_FIELDS + " custom fields");
    }
    return merged;
  }

  /** 422 for a contact that would have none of name, email, username and phone. */
  static ApiException identifierRequired(String message) {
    return ApiException.validation(
        message, IDENTIFIERS.stream().map(f -> ProblemDetail.of(f, "one_of_required")).toList());
  }

  static void requireTagCount(int count) {
    if (count > MAX_TAGS) {
      throw ApiException.validation(
          new ProblemDetail("tags", "too_many", count),
          "A contact has at most " + MAX_TAGS + " tags");
    }
  }

  private static String text(String field, String value, int max, List<ProblemDetail> problems) {
    String v = blankToNull(value);
    if (v != null && v.length() > max) {
      problems.add(new ProblemDetail(field, "too_long", v));
      return null;
    }
    return v;
  }

  private static String username(String value, List<ProblemDetail> problems) {
    String v = blankToNull(value);
    if (v == null) {
      return null;
    }
    String bare = v.startsWith("@") ? v.substring(1) : v;
    if (bare.length() > MAX_USERNAME) {
      problems.add(new ProblemDetail("username", "too_long", value));
      return null;
    }
    if (!USERNAME.matcher(bare).matches()) {
      problems.add(new ProblemDetail("username", "invalid_username", value));
      return null;
    }
    return bare;
  }

  private static String email(String value, List<ProblemDetail> problems) {
    String v = blankToNull(value);
    if (v == null) {
      return null;
    }
    if (v.length() > MAX_EMAIL) {
      problems.add(new ProblemDetail("email", "too_long", value));
      return null;
    }
    if (!EMAIL.matcher(v).matches()) {
      problems.add(new ProblemDetail("email", "invalid_email", value));
      return null;
    }
    return v;
  }

  private static String phone(String value, List<ProblemDetail> problems) {
    String v = blankToNull(value);
    if (v == null) {
      return null;
    }
    String normalized = PHONE_SEPARATORS.matcher(v).replaceAll("");
    if (!E164.matcher(normalized).matches()) {
      problems.add(new ProblemDetail("phone", "invalid_phone", value));
      return null;
    }
    return normalized;
  }

  private static List<String> tags(List<String> tags, List<ProblemDetail> problems) {
    if (tags.size() > MAX_TAGS) {
      problems.add(new ProblemDetail("tags", "too_many", tags.size()));
      return List.of();
    }
    LinkedHashSet<String> distinct = new LinkedHashSet<>();
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i) == null ? null : tags.get(i).trim();
      if (tag == null || tag.isEmpty() || tag.length() > MAX_TAG) {
        problems.add(new ProblemDetail("tags[" + i + "]", "invalid_tag", tags.get(i)));
      } else {
        distinct.add(tag);
      }
    }
    return List.copyOf(distinct);
  }

  private static Map<String, Object> customFields(
      Map<String, Object> fields, List<ProblemDetail> problems) {
    if (fields.size() > MAX_CUSTOM_FIELDS) {
      problems.add(new ProblemDetail("custom_fields", "too_many", fields.size()));
      return Map.of();
    }
    Map<String, Object> valid = new LinkedHashMap<>();
    fields.forEach(
        (key, value) -> {
          String field = "custom_fields." + key;
          if (key == null || !CUSTOM_KEY.matcher(key).matches()) {
            problems.add(new ProblemDetail("custom_fields", "invalid_key", key));
          } else if (value instanceof String s && s.length() > MAX_CUSTOM_STRING) {
            problems.add(new ProblemDetail(field, "too_long", s));
          } else if (value == null
              || value instanceof String
              || value instanceof Number
              || value instanceof Boolean) {
            valid.put(key, value);
          } else {
            problems.add(new ProblemDetail(field, "invalid_value", value));
          }
        });
    return valid;
  }

  /** Null when the field was not sent; otherwise the checked value, empty for a JSON null. */
  private static <T, R> Optional<R> sent(
      Set<String> sent, String field, T value, Function<T, R> check) {
    if (!sent.contains(field)) {
      return null; // left out: leave the field alone
    }
    return Optional.ofNullable(value).map(check);
  }

  private static String blankToNull(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }

  private static void fail(List<ProblemDetail> problems) {
    if (!problems.isEmpty()) {
      ProblemDetail first = problems.get(0);
      throw ApiException.validation(
          "Field '" + first.field() + "' " + describe(first.error()), problems);
    }
  }

  private static String describe(String error) {
    return switch (error) {
      case "invalid_email" -> "must be a valid email address";
      case "invalid_phone" -> "must be a phone number in E.164 format, e.g. +18015551234";
      case "invalid_username" -> "may only contain letters, digits, '_', '.' and '-'";
      case "too_long" -> "is too long";
      case "too_many" -> "has too many entries";
      case "invalid_tag" -> "must be a tag of 1 to " + MAX_TAG + " characters";
      case "invalid_key" -> "must have keys of 1 to 64 letters, digits or '_'";
      case "invalid_value" -> "must be a string, number, boolean or null";
      default -> "is invalid";
    };
  }
}
