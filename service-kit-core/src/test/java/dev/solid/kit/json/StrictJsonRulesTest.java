package dev.solid.kit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonRulesTest {
  record Body(String name, Integer count, Boolean active, List<String> tags, Long big) {}

  private final ObjectMapper json = StrictJsonRules.configure(new ObjectMapper());

  @Test
  void shouldReadAWellTypedBody() throws Exception {
    Body body =
        json.readValue(
            "{\"name\":\"Ann\",\"count\":2,\"active\":true,\"tags\":[\"a\"],\"big\":5}",
            Body.class);
    assertThat(body).isEqualTo(new Body("Ann", 2, true, List.of("a"), 5L));
    assertThat(json.readValue("{\"name\":\"\uD83D\uDE00\"}", Body.class).name()).isEqualTo("😀");
  }

  @Test
  void shouldRefuseNumbersAndBooleansForText() {
    assertThatThrownBy(() -> json.readValue("{\"name\":1e309}", Body.class))
        .isInstanceOf(MismatchedInputException.class)
        .satisfies(e -> assertThat(path(e)).isEqualTo("name"));
    assertThatThrownBy(() -> json.readValue("{\"name\":true}", Body.class))
        .isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> json.readValue("{\"tags\":[1]}", Body.class))
        .isInstanceOf(MismatchedInputException.class);
  }

  @Test
  void shouldRefuseNumbersForBooleansAndFractionsForIntegers() {
    assertThatThrownBy(() -> json.readValue("{\"active\":1}", Body.class))
        .isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> json.readValue("{\"active\":\"true\"}", Body.class))
        .isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> json.readValue("{\"count\":1.5}", Body.class))
        .isInstanceOf(MismatchedInputException.class)
        .satisfies(e -> assertThat(path(e)).isEqualTo("count"));
    assertThatThrownBy(() -> json.readValue("{\"count\":\"2\"}", Body.class))
        .isInstanceOf(MismatchedInputException.class);
  }

  @Test
  void shouldReportAnOverflowOnItsField() {
    assertThatThrownBy(() -> json.readValue("{\"count\":99999999999}", Body.class))
        .isInstanceOf(JsonMappingException.class)
        .satisfies(e -> assertThat(path(e)).isEqualTo("count"));
  }

  @Test
  void shouldRefuseNulAndLoneSurrogatesInText() {
    assertThatThrownBy(() -> json.readValue("{\"name\":\"a\\u0000b\"}", Body.class))
        .isInstanceOf(StrictText.InvalidTextException.class)
        .satisfies(e -> assertThat(path(e)).isEqualTo("name"));
    assertThatThrownBy(() -> json.readValue("{\"tags\":[\"\\ud800\"]}", Body.class))
        .isInstanceOf(StrictText.InvalidTextException.class);
    assertThatThrownBy(() -> json.readValue("{\"name\":\"\\udc00x\"}", Body.class))
        .isInstanceOf(StrictText.InvalidTextException.class);
  }

  @Test
  void shouldRefuseDuplicateKeysAndTrailingDocuments() {
    assertThatThrownBy(() -> json.readValue("{\"name\":\"a\",\"name\":\"b\"}", Body.class))
        .isInstanceOf(JsonParseException.class)
        .hasMessageContaining("Duplicate field 'name'");
    assertThatThrownBy(() -> json.readValue("{\"name\":\"a\"}{\"name\":\"b\"}", Body.class))
        .isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> json.readValue("{\"a\":1,\"a\":2}", Map.class))
        .isInstanceOf(JsonParseException.class);
  }

  private static String path(Throwable e) {
    return ((JsonMappingException) e)
        .getPath().stream()
            .map(r -> r.getFieldName())
            .filter(n -> n != null)
            .findFirst()
            .orElse("");
  }
}
