package dev.solid.gateway.http;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.kit.json.StrictJsonRules;
import dev.solid.kit.json.StrictText;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON request body of the gateway's own endpoints (signup, login, keys) into a record,
 * strictly, so that what a record holds is exactly what the client wrote:
 *
 * <ul>
 *   <li>400 {@code bad_request}: no body, not a JSON object ({@code null}, an array…), malformed
 *       JSON, content after the value ({@code {…}{…}}), a duplicate key (named), invalid UTF-8;
 *   <li>422 {@code validation_error}, naming the field: a value of the wrong JSON type ({@code
 *       invalid_type}: strings must be JSON strings, integers JSON integers within range, booleans
 *       JSON booleans, lists must not hold {@code null}), and text PostgreSQL cannot store ({@code
 *       invalid_characters}: NUL, a lone surrogate), checked here once for every string of every
 *       body.
 * </ul>
 *
 * The rules are the platform's, from service-kit-core ({@link StrictJsonRules}, {@link
 * StrictText}), the same the services get on their mapper; the gateway applies them here, to a
 * strict copy of its mapper, because it does not bind bodies through RESTEasy, and adds what its
 * records need ({@link #strict}). The shared {@link ObjectMapper} stays as configured (upstream
 * documents and stored answers are read with it).
 */
@ApplicationScoped
public class JsonBodies {
  /** Most per-field failures one answer lists (a body may hold thousands of bad strings). */
  private static final int MAX_DETAILS = 10;

  private final ObjectMapper strict;

  public JsonBodies(ObjectMapper mapper) {
    this.strict = strict(mapper.copy());
  }

  /**
   * The platform's rules ({@link StrictJsonRules}), plus what the gateway's records need beyond
   * them: no {@code null} for a primitive or inside a list, no empty string for a number or a
   * boolean, no boolean for a number. A value of another JSON type for a string field is refused by
   * the kit's {@link StrictText} (a {@code MismatchedInputException} on {@code String}: {@code
   * invalid_type}); unstorable text never reaches it, since {@link #read} reports every such string
   * of the body first, as {@code invalid_characters}.
   */
  static ObjectMapper strict(ObjectMapper mapper) {
    StrictJsonRules.configure(mapper);
    mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    return mapper;
  }

  public <T> T read(Buffer body, Class<T> type) {
    if (body == null || body.length() == 0) {
      throw ApiException.badRequest("A JSON request body is required");
    }
    byte[] bytes = body.getBytes();
    requireUtf8(bytes);
    JsonNode tree = parse(bytes);
    if (tree == null || !tree.isObject()) {
      throw ApiException.badRequest("Request body must be a JSON object, not " + describe(tree));
    }
    List<ProblemDetail> unstorable = new ArrayList<>();
    findUnstorableText(tree, "", unstorable);
    if (!unstorable.isEmpty()) {
      throw ApiException.validation(
          "Field '"
              + unstorable.get(0).field()
              + "' contains characters that cannot be stored (NUL or a lone surrogate)",
          unstorable);
    }
    return bind(tree, type);
  }

  /**
   * Jackson decodes UTF-8 leniently (an overlong form or a code point above U+10FFFF slips
   * through), so the bytes are checked by the JDK's strict decoder first.
   */
  private static void requireUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("Request body is not valid UTF-8");
    }
  }

  /** Syntax only: every failure here is the client's JSON, a 400. */
  private JsonNode parse(byte[] bytes) {
    try {
      return strict.readTree(bytes);
    } catch (JsonProcessingException e) {
      String duplicate = duplicateKey(e);
      if (duplicate != null) {
        throw ApiException.badRequest(
            "Duplicate key '" + Validation.cut(duplicate) + "' in the JSON body");
      }
      if (e instanceof MismatchedInputException) {
        // What the tree reader itself refuses: content after the first value.
        throw ApiException.badRequest("Malformed JSON in request body: content after the value");
      }
      throw ApiException.badRequest("Malformed JSON in request body");
    } catch (IOException e) {
      throw ApiException.badRequest("Request body could not be read");
    }
  }

  private static String describe(JsonNode tree) {
    if (tree == null || tree.isMissingNode()) {
      return "nothing";
    }
    return switch (tree.getNodeType()) {
      case NULL -> "null";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> "another value";
    };
  }

  /** The key a strict parser found twice, or null for any other syntax error. */
  private static String duplicateKey(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null
        || !message.startsWith("Duplicate field")
        || !(e.getProcessor() instanceof JsonParser parser)) {
      return null;
    }
    try {
      return parser.currentName();
    } catch (IOException | RuntimeException ignored) {
      return "";
    }
  }

  /** Types only: the syntax is fine, so every failure here is one field's value, a 422. */
  private <T> T bind(JsonNode tree, Class<T> type) {
    try {
      return strict.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      String field = fieldOf(e);
      if (field.isEmpty()) {
        throw ApiException.badRequest("Request body must be a JSON object");
      }
      throw ApiException.validation(
          ProblemDetail.of(field, "invalid_type"), "Field '" + field + "' " + expected(e));
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("Malformed JSON in request body");
    }
  }

  /** The field's path as a client writes it: {@code name}, {@code scopes[0]}. */
  private static String fieldOf(JsonMappingException e) {
    StringBuilder field = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (field.length() > 0) {
          field.append('.');
        }
        field.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.toString();
  }

  private static String expected(JsonMappingException e) {
    if (e instanceof InvalidNullException) {
      return "must not be null";
    }
    if (e.getCause() instanceof InputCoercionException) {
      return "must be an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }
    Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
    if (target == null) {
      return "has the wrong type";
    }
    if (CharSequence.class.isAssignableFrom(target)) {
      return "must be a string";
    }
    if (target == Integer.class
        || target == int.class
        || target == Long.class
        || target == long.class) {
      return "must be an integer";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "must be true or false";
    }
    if (Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "must be an array";
    }
    if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
      return "must be a number";
    }
    return Map.class.isAssignableFrom(target) || target.isRecord()
        ? "must be an object"
        : "has the wrong type";
  }

  /**
   * Every string value PostgreSQL cannot store as text: NUL (refused by PostgreSQL) and unpaired
   * surrogates (not encodable as UTF-8), wherever it sits in the body.
   */
  private static void findUnstorableText(JsonNode node, String path, List<ProblemDetail> found) {
    if (found.size() >= MAX_DETAILS) {
      return;
    }
    if (node.isTextual()) {
      if (!StrictText.isStorable(node.textValue())) {
        found.add(ProblemDetail.of(path, StrictText.INVALID_CHARACTERS));
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String name = Validation.cut(field.getKey());
        findUnstorableText(field.getValue(), path.isEmpty() ? name : path + "." + name, found);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        findUnstorableText(node.get(i), path + "[" + i + "]", found);
      }
    }
  }
}
