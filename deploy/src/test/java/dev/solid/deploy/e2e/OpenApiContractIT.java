package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The merged {@code /openapi.json} of the running platform is a contract a generator can use: it
 * lints with 0 errors under Redocly's recommended rules (pinned in tools/node), and every operation
 * has an operationId, a summary, its success and error responses and, on writes, the
 * Idempotency-Key parameter. The document is kept under target/openapi for inspection.
 */
@ExtendWith(SolidStack.class)
class OpenApiContractIT {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  @Test
  void shouldLintTheMergedDocumentWithoutErrors(Api api) throws Exception {
    Api.Response doc = api.get("/openapi.json").send();
    assertThat(doc.status()).as("%s", doc).isEqualTo(200);
    assertThat(doc.json().has("x-solid-missing-services")).as("every service answered").isFalse();
    Path file = Path.of("target/openapi/openapi.json").toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(file, doc.body());

    NodeTools.Result lint =
        NodeTools.bin("redocly", List.of("lint", file.toString(), "--format", "stylish"), 300);
    System.out.println(lint.output());
    assertThat(lint.exit()).as("redocly lint:\n%s", lint.output()).isZero();
  }

  @Test
  void shouldDescribeEveryOperationForAUser(Api api) {
    JsonNode doc = api.get("/openapi.json").send().json();
    List<String> problems = new ArrayList<>();
    doc.path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          if (!METHODS.contains(op.getKey())) {
                            return;
                          }
                          String where = op.getKey().toUpperCase() + " " + path.getKey();
                          JsonNode o = op.getValue();
                          String summary = o.path("summary").asText("");
                          if (summary.isBlank()
                              || summary.startsWith(op.getKey().toUpperCase() + " /")) {
                            problems.add(where + ": no summary written for a user");
                          }
                          if (!o.hasNonNull("operationId")) {
                            problems.add(where + ": no operationId");
                          }
                          String text = o.toString().toLowerCase();
                          if (text.contains("seed 0") || text.contains("seed's")) {
                            problems.add(where + ": internal wording (seed) in public text");
                          }
                          boolean success =
                              o.path("responses").has("200")
                                  || o.path("responses").has("201")
                                  || o.path("responses").has("202")
                                  || o.path("responses").has("204");
                          if (!success) {
                            problems.add(where + ": no success response");
                          }
                          if (!o.path("responses").has("422") || !o.path("responses").has("500")) {
                            problems.add(where + ": shared error responses missing");
                          }
                          boolean isPublic = o.has("security") && o.get("security").isEmpty();
                          if (Set.of("post", "put", "patch", "delete").contains(op.getKey())
                              && !isPublic
                              && !o.path("parameters").toString().contains("IdempotencyKey")
                              && !o.path("parameters").toString().contains("Idempotency-Key")) {
                            problems.add(where + ": no Idempotency-Key parameter");
                          }
                        }));
    assertThat(problems).isEmpty();
  }
}
