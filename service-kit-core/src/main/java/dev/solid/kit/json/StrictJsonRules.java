package dev.solid.kit.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The platform's one JSON reading rule, for every request body and every event: strict, as a typed
 * API's clients expect.
 *
 * <ul>
 *   <li>a duplicate key is 400 ({@code {"message":"a","message":"b"}}: which one did the client
 *       mean?), as are trailing tokens ({@code {…}{…}});
 *   <li>a value of the wrong JSON type is 422 {@code invalid_type} on its field: no number or
 *       boolean for text, no number or string for a boolean, no fraction or string for an integer,
 *       no string for a number;
 *   <li>text with a NUL character or a lone surrogate is 422 {@code invalid_characters} ({@link
 *       StrictText}).
 * </ul>
 *
 * The services get the rules on Quarkus's mapper from the service kit's {@code StrictJson}
 * customizer; the gateway, which reads its own bodies and does not use the kit's beans, applies
 * them to its strict mapper.
 */
public final class StrictJsonRules {
  private StrictJsonRules() {}

  /** Applies the rules to {@code mapper} (Quarkus's, the gateway's, a test's) and returns it. */
  public static ObjectMapper configure(ObjectMapper mapper) {
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.registerModule(
        new SimpleModule("solid-strict-text").addDeserializer(String.class, new StrictText()));
    return mapper;
  }
}
