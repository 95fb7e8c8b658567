package dev.solid.kit.error;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** The snake_case field path of a Jackson error, as the API names fields ({@code tags[2]}). */
final class JsonPaths {
  private JsonPaths() {}

  static String of(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() > 200 ? sb.substring(0, 200) + "…" : sb.toString();
  }

  /** What the field takes, in JSON's words. */
  static String expected(MismatchedInputException e) {
    Class<?> type = e.getTargetType();
    if (type == null) {
      return "value";
    }
    if (type == String.class || type.isEnum()) {
      return "string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "boolean";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class) {
      return "integer";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "number";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "array";
    }
    if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "object";
    }
    return type.getSimpleName().toLowerCase();
  }
}
