package dev.solid.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.gateway.openapi.OpenApiMerger.Named;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiMergerTest {
  @Inject OpenApiMerger merger;
  private final ObjectMapper json = new ObjectMapper();

  private JsonNode doc(String text) throws Exception {
    return json.readTree(text.replace('\'', '"'));
  }

  private JsonNode crm() throws Exception {
    return doc(
        "{'openapi':'3.0.3','paths':{'/api/v1/crm/contacts':{'post':{'operationId':'create',"
            + "'responses':{'201':{'content':{'application/json':{'schema':"
            + "{'$ref':'#/components/schemas/Problem'}}}}}}}},"
            + "'components':{'schemas':{'Problem':{'type':'object','title':'crm'}}}}");
  }

  @Test
  void shouldKeepEveryServiceWhenTheGatewaysOwnDocumentIsMissing() throws Exception {
    ObjectNode merged = merger.merge(List.of(new Named("gateway", null), new Named("crm", crm())));

    assertThat(merged.path("paths").has("/api/v1/crm/contacts")).isTrue();
    assertThat(merged.path("x-solid-missing-services").toString()).contains("gateway");
  }

  @Test
  void shouldRenameADifferentSchemaOfTheSameNameInsteadOfDroppingIt() throws Exception {
    JsonNode gateway =
        doc(
            "{'openapi':'3.0.3','paths':{},'components':{'schemas':{'Problem':{'type':'object'}}}}");

    ObjectNode merged =
        merger.merge(List.of(new Named("gateway", gateway), new Named("crm", crm())));

    JsonNode schemas = merged.path("components").path("schemas");
    assertThat(schemas.path("Problem").has("title")).isFalse();
    assertThat(schemas.path("CrmProblem").path("title").asText()).isEqualTo("crm");
    assertThat(merged.at("/paths/~1api~1v1~1crm~1contacts/post/responses/201").toString())
        .contains("#/components/schemas/CrmProblem");
  }

  @Test
  void shouldListSeedAliasesMarkedAsAliases() throws Exception {
    ObjectNode merged = merger.merge(List.of(new Named("gateway", null), new Named("crm", crm())));

    JsonNode alias = merged.path("paths").path("/v1/contacts");
    assertThat(alias.path("x-solid-alias-of").asText()).isEqualTo("/api/v1/crm/contacts");
    assertThat(alias.path("post").path("operationId").asText()).isEqualTo("createAlias");
    assertThat(
            merged
                .path("paths")
                .path("/api/v1/crm/contacts")
                .path("post")
                .path("operationId")
                .asText())
        .isEqualTo("create");
  }
}
