package dev.solid.crm.contact;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.text.PhoneNumbers;
import dev.solid.kit.json.StrictText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The contact rules that annotations cannot express, and the normalized forms that are stored. What
 * a single field may hold is declared on {@link ContactRequest} and {@link ContactPatch} (Bean
 * Validation, checked before these run); here: at least one identifier, the name made of its parts,
 * the limits of a contact after a merge, a custom field's value, and normalization (no '@' in a
 * username, E.164 phones, no duplicate tags). Pure functions.
 */
final class ContactRules {
  static final int MAX_NAME = 200;
  static final int MAX_USERNAME = 64;
  static final int MAX_TAGS = 50;
  static final int MAX_TAG = 64;
  static final int MAX_CUSTOM_FIELDS = 50;
  static final int MAX_CUSTOM_KEY = 64;
  static final int MAX_CUSTOM_STRING = 1000;

  /** A username of at most 64 characters once its optional leading '@' is dropped. */
  static final String USERNAME_LENGTH = "(?s)@?.{0," + MAX_USERNAME + "}";

  /** A username's characters, after an optional leading '@'. */
  static final String USERNAME_CHARACTERS = "@?[A-Za-z0-9_.-]+";

  /** A custom field's key. */
  static final String CUSTOM_KEY = "[A-Za-z0-9_]{1," + MAX_CUSTOM_KEY + "}";

  private static final List<String> IDENTIFIERS = List.of("name", "email", "username", "phone");

  private ContactRules() {}

  /** Normalizes an upsert body that passed its constraints, deriving name parts from each other. */
  static ContactInput forUpsert(ContactRequest body) {
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    String name = body.name();
    String first = body.firstName();
    String last = body.lastName();
    boolean nameDerived = false;
    if (name != null && first == null && last == null) {
      int space = name.indexOf(' ');
      first = space < 0 ? name : name.substring(0, space);
      last = space < 0 ? null : strip(name.substring(space + 1));
    } else if (name == null && (first != null || last != null)) {
      name = joinName(first, last);
      nameDerived = true;
      if (name.length() > MAX_NAME) {
        throw ApiException.validation(
            new ProblemDetail("name", "too_long", name),
            "Field 'name' (first_name and last_name joined) is too long");
      }
    }
    String username = username(body.username());
    String email = body.email();
    String phone = phone(body.phone());
    if (name == null && email == null && username == null && phone == null) {
      throw identifierRequired(
          "At least one of 'name', 'email', 'username' or 'phone' is required");
    }
    return new ContactInput(
        name,
        nameDerived,
        first,
        last,
        username,
        email,
        phone,
        body.tags() == null ? null : distinct(body.tags()),
        body.customFields() == null ? null : new LinkedHashMap<>(body.customFields()));
  }

  /** The display name made of the given name parts; null when both are null. */
  static String joinName(String first, String last) {
    return first == null ? last : last == null ? first : first + " " + last;
  }

  /**
   * Normalizes a PATCH body that passed its constraints; no name derivation, exactly what was sent
   * changes.
   */
  static ContactChanges forPatch(ContactPatch body, Set<String> sent) {
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return new ContactChanges(
        sent(sent, "name", body.name(), Function.identity()),
        sent(sent, "first_name", body.firstName(), Function.identity()),
        sent(sent, "last_name", body.lastName(), Function.identity()),
        sent(sent, "username", body.username(), ContactRules::username),
        sent(sent, "email", body.email(), Function.identity()),
        sent(sent, "phone", body.phone(), ContactRules::phone),
        sent(sent, "tags", body.tags(), ContactRules::distinct),
        sent(sent, "custom_fields", body.customFields(), LinkedHashMap::new));
  }

  /**
   * Why a custom field's value cannot be stored, as the 422 detail's error, or null when it can:
   * text up to 1000 characters that PostgreSQL can store, a finite number, a boolean or null (which
   * removes the key). {@code 1e309} is refused: it would be stored as the text "Infinity".
   */
  static String customFieldValueError(Object value) {
    if (value == null || value instanceof Boolean) {
      return null;
    }
    if (value instanceof String text) {
      if (text.length() > MAX_CUSTOM_STRING) {
        return "too_long";
      }
      return StrictText.isStorable(text) ? null : StrictText.INVALID_CHARACTERS;
    }
    if (value instanceof Double || value instanceof Float) {
      return Double.isFinite(((Number) value).doubleValue()) ? null : "invalid_value";
    }
    return value instanceof Number ? null : "invalid_value"; // an object or a list
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

  /** Text without surrounding whitespace; blank text is "not given" (null). */
  static String strip(String value) {
    if (value == null) {
      return null;
    }
    String stripped = value.strip();
    return stripped.isEmpty() ? null : stripped;
  }

  /** Each entry stripped; null entries are kept, for the constraints to name them. */
  static List<String> stripEach(List<String> values) {
    if (values == null) {
      return null;
    }
    List<String> stripped = new ArrayList<>(values.size());
    values.forEach(v -> stripped.add(v == null ? null : v.strip()));
    return Collections.unmodifiableList(stripped);
  }

  /** The stored form of a username: without its leading '@'. */
  private static String username(String value) {
    return value == null || !value.startsWith("@") ? value : value.substring(1);
  }

  /** The stored form of a phone number: E.164, without the separators a person types. */
  private static String phone(String value) {
    return value == null ? null : PhoneNumbers.normalize(value);
  }

  private static List<String> distinct(List<String> tags) {
    return List.copyOf(new LinkedHashSet<>(tags));
  }

  /** Null when the field was not sent; otherwise the normalized value, empty for a JSON null. */
  private static <T, R> Optional<R> sent(
      Set<String> sent, String field, T value, Function<T, R> normalize) {
    if (!sent.contains(field)) {
      return null; // left out: leave the field alone
    }
    return Optional.ofNullable(value).map(normalize);
  }
}
