package dev.solid.mcp.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentCheckTest {
  private static final JsonObject SCHEMA =
      Schemas.paged(
              Schemas.object()
                  .required("contact_id", Schemas.id("id"))
                  .optional("type", Schemas.enumOf("t", "note", "call"))
                  .optional("due", Schemas.dateTime("when"))
                  .optional("day", Schemas.date("day"))
                  .optional("tags", Schemas.strings("tags", 2, 5)))
          .build();

  private static List<String> errors(JsonObject args) {
    JsonArray details = ArgumentCheck.check(SCHEMA, args);
    return details.stream()
        .map(d -> ((JsonObject) d).getString("field") + ":" + ((JsonObject) d).getString("error"))
        .toList();
  }

  @Test
  void shouldAcceptArgumentsThatFitTheSchema() {
    assertThat(
            errors(
                new JsonObject()
                    .put("contact_id", 3)
                    .put("type", "call")
                    .put("due", "2026-12-02T10:00:00Z")
                    .put("day", "2026-12-02")
                    .put("tags", new JsonArray().add("vip"))
                    .put("limit", 50)))
        .isEmpty();
  }

  @Test
  void shouldNameEveryArgumentThatDoesNotFit() {
    assertThat(
            errors(
                new JsonObject()
                    .put("type", "fax")
                    .put("due", "tomorrow")
                    .put("day", "2026-13-40")
                    .put("tags", new JsonArray().add("a").add("b").add("c"))
                    .put("limit", 51)
                    .put("surprise", true)))
        .containsExactlyInAnyOrder(
            "contact_id:required",
            "type:must_be_one_of:note|call",
            "due:must_be_iso8601_date_time",
            "day:must_be_date_yyyy_mm_dd",
            "tags:too_many_items",
            "limit:must_be_at_most_50",
            "surprise:unknown_argument");
  }

  @Test
  void shouldRefuseAWrongTypeAndAFractionForAnInteger() {
    assertThat(errors(new JsonObject().put("contact_id", "3")))
        .contains("contact_id:must_be_integer");
    assertThat(errors(new JsonObject().put("contact_id", 3.5)))
        .contains("contact_id:must_be_integer");
    assertThat(errors(new JsonObject().put("contact_id", 0)))
        .contains("contact_id:must_be_at_least_1");
    assertThat(errors(new JsonObject().put("contact_id", 1).put("tags", new JsonArray().add(7))))
        .contains("tags[0]:must_be_string");
  }
}
