package dev.solid.kit.json;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules themselves are tested in service-kit-core ({@code StrictJsonRulesTest}). */
class StrictJsonTest {
  record Body(String name) {}

  @Test
  void shouldPutTheStrictRulesOnTheMapperItCustomizes() {
    ObjectMapper mapper = new ObjectMapper();
    new StrictJson().customize(mapper);

    assertThatThrownBy(() -> mapper.readValue("{\"a\":1,\"a\":2}", Map.class))
        .isInstanceOf(JsonParseException.class);
    assertThatThrownBy(() -> mapper.readValue("{\"name\":1}", Body.class))
        .isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> mapper.readValue("{\"name\":\"a\\u0000\"}", Body.class))
        .isInstanceOf(StrictText.InvalidTextException.class);
  }
}
