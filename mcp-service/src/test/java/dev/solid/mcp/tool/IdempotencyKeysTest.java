package dev.solid.mcp.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

  @Test
  void shouldGiveTheSameKeyForTheSameArgumentsInAnyOrder() {
    JsonObject one =
        new JsonObject()
            .put("email", "a@x.io")
            .put("tags", new JsonArray().add("b").add("a"))
            .put("custom_fields", new JsonObject().put("z", 1).put("a", 2));
    JsonObject other =
        new JsonObject()
            .put("custom_fields", new JsonObject().put("a", 2).put("z", 1))
            .put("tags", new JsonArray().add("b").add("a"))
            .put("email", "a@x.io");
    assertThat(IdempotencyKeys.derive("s1", "7", "upsert_contact", one))
        .isEqualTo(IdempotencyKeys.derive("s1", "7", "upsert_contact", other));
  }

  @Test
  void shouldGiveADifferentKeyForAnotherRequestSessionToolOrArgument() {
    JsonObject args = new JsonObject().put("email", "a@x.io");
    String key = IdempotencyKeys.derive("s1", "7", "upsert_contact", args);
    assertThat(IdempotencyKeys.derive("s1", "8", "upsert_contact", args)).isNotEqualTo(key);
    assertThat(IdempotencyKeys.derive("s2", "7", "upsert_contact", args)).isNotEqualTo(key);
    assertThat(IdempotencyKeys.derive("s1", "7", "create_task", args)).isNotEqualTo(key);
    assertThat(
            IdempotencyKeys.derive(
                "s1", "7", "upsert_contact", new JsonObject().put("email", "b@x.io")))
        .isNotEqualTo(key);
    // The order of a list is part of the request.
    assertThat(
            IdempotencyKeys.derive(
                "s1", "7", "tag", new JsonObject().put("tags", new JsonArray().add("a").add("b"))))
        .isNotEqualTo(
            IdempotencyKeys.derive(
                "s1", "7", "tag", new JsonObject().put("tags", new JsonArray().add("b").add("a"))));
  }

  @Test
  void shouldIgnoreTheCallersOwnKeyArgumentInTheDigest() {
    JsonObject args = new JsonObject().put("email", "a@x.io");
    assertThat(IdempotencyKeys.derive("s", "1", "t", args.copy().put("idempotency_key", "k")))
        .isEqualTo(IdempotencyKeys.derive("s", "1", "t", args))
        .startsWith("mcp_")
        .hasSize(36);
  }
}
