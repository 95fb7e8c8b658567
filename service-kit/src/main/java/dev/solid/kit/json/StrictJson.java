package dev.solid.kit.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Puts the platform's strict JSON reading rules ({@link StrictJsonRules}, in service-kit-core) on
 * Quarkus's mapper, so that every request body and every event a service reads follows them.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    StrictJsonRules.configure(mapper);
  }

  /** Applies the rules to any mapper; the same as {@link StrictJsonRules#configure}. */
  public static ObjectMapper configure(ObjectMapper mapper) {
    return StrictJsonRules.configure(mapper);
  }
}
