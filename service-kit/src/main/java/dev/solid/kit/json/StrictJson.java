package dev.solid.kit.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

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
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    configure(mapper);
  }

  /** Applies the rules to any mapper (the gateway's, a test's). */
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
