package dev.solid.mcp.tool;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Checks a tool's arguments against its input schema before anything is sent, and names every wrong
 * field the way the API's validation errors do. The extension does not validate the arguments of
 * programmatically registered tools, and a JSON Schema library would be a dependency for the
 * handful of keywords these schemas use (type, required, additionalProperties, enum,
 * minimum/maximum, minLength/maxLength, minItems/maxItems, format date and date-time). Business
 * rules stay the API's: this only keeps malformed calls from reaching it.
 */
public final class ArgumentCheck {
  private ArgumentCheck() {}

  public static JsonArray check(JsonObject schema, JsonObject args) {
    JsonArray details = new JsonArray();
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (Object name : schema.getJsonArray("required", new JsonArray())) {
      if (args.getValue((String) name) == null) {
        details.add(detail((String) name, "required", null));
      }
    }
    for (String name : args.fieldNames()) {
      JsonObject property = properties.getJsonObject(name);
      Object value = args.getValue(name);
      if (property == null) {
        if (schema.getBoolean("additionalProperties", true) == Boolean.FALSE) {
          details.add(detail(name, "unknown_argument", value));
        }
      } else if (value != null) {
        checkValue(name, property, value, details);
      }
    }
    return details;
  }

  private static void checkValue(String field, JsonObject schema, Object value, JsonArray details) {
    String type = schema.getString("type");
    switch (type == null ? "" : type) {
      case "string" -> {
        if (!(value instanceof String text)) {
          details.add(detail(field, "must_be_string", value));
          return;
        }
        checkString(field, schema, text, details);
      }
      case "integer" -> {
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
          details.add(detail(field, "must_be_integer", value));
          return;
        }
        checkRange(field, schema, n.longValue(), details);
      }
      case "number" -> {
        if (!(value instanceof Number)) {
          details.add(detail(field, "must_be_number", value));
        }
      }
      case "boolean" -> {
        if (!(value instanceof Boolean)) {
          details.add(detail(field, "must_be_boolean", value));
        }
      }
      case "array" -> {
        if (!(value instanceof JsonArray array)) {
          details.add(detail(field, "must_be_array", value));
          return;
        }
        if (array.size() < schema.getInteger("minItems", 0)) {
          details.add(detail(field, "too_few_items", array.size()));
        }
        if (array.size() > schema.getInteger("maxItems", Integer.MAX_VALUE)) {
          details.add(detail(field, "too_many_items", array.size()));
        }
        JsonObject items = schema.getJsonObject("items");
        for (int i = 0; items != null && i < array.size(); i++) {
          checkValue(field + "[" + i + "]", items, array.getValue(i), details);
        }
      }
      case "object" -> {
        if (!(value instanceof JsonObject)) {
          details.add(detail(field, "must_be_object", value));
        }
      }
      default -> {
        // No type: anything goes.
      }
    }
  }

  private static void checkString(String field, JsonObject schema, String text, JsonArray details) {
    JsonArray allowed = schema.getJsonArray("enum");
    if (allowed != null && !allowed.contains(text)) {
      details.add(detail(field, "must_be_one_of:" + String.join("|", allowed.getList()), text));
      return;
    }
    if (text.length() < schema.getInteger("minLength", 0)) {
      details.add(detail(field, "too_short", text));
    }
    if (text.length() > schema.getInteger("maxLength", Integer.MAX_VALUE)) {
      details.add(detail(field, "too_long", text.length()));
    }
    String format = schema.getString("format");
    if ("date".equals(format) && !isDate(text)) {
      details.add(detail(field, "must_be_date_yyyy_mm_dd", text));
    }
    if ("date-time".equals(format) && !isDateTime(text)) {
      details.add(detail(field, "must_be_iso8601_date_time", text));
    }
  }

  private static void checkRange(String field, JsonObject schema, long value, JsonArray details) {
    Long min = schema.getLong("minimum");
    Long max = schema.getLong("maximum");
    if (min != null && value < min) {
      details.add(detail(field, "must_be_at_least_" + min, value));
    }
    if (max != null && value > max) {
      details.add(detail(field, "must_be_at_most_" + max, value));
    }
  }

  private static boolean isDate(String text) {
    try {
      LocalDate.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isDateTime(String text) {
    try {
      Instant.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      try {
        OffsetDateTime.parse(text);
        return true;
      } catch (DateTimeParseException again) {
        return false;
      }
    }
  }

  static JsonObject detail(String field, String error, Object received) {
    return new JsonObject().put("field", field).put("error", error).put("received", received);
  }
}
