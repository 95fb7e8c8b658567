package dev.solid.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SolidStack.class)
class ContactsAliasIT {

  @Test
  void shouldUpsertSeedContactThroughV1Alias(Api api) {
    Api.Company company = api.newCompany();
    Map<String, Object> seed =
        Map.of(
            "username", "@sarah_miller",
            "name", "Sarah Miller",
            "email", "sarah@example.com",
            "tags", List.of("trial", "webinar-2026-06"));
    Api.Response created = api.post("/v1/contacts").bearer(company.testKey()).json(seed).send();
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    JsonNode contact = created.json();
    assertThat(contact.path("name").asText()).isEqualTo("Sarah Miller");
    assertThat(contact.path("email").asText()).isEqualTo("sarah@example.com");
    assertThat(contact.path("tags").toString()).contains("trial", "webinar-2026-06");
    for (String field :
        List.of(
            "id",
            "name",
            "first_name",
            "last_name",
            "username",
            "email",
            "phone",
            "tags",
            "custom_fields",
            "livemode",
            "created_at",
            "updated_at")) {
      assertThat(contact.has(field)).as("field %s in %s", field, contact).isTrue();
    }

    // Upsert: same username without the @, and the email in another case, update the same row.
    Api.Response updated =
        api.post("/api/v1/crm/contacts")
            .bearer(company.testKey())
            .json(Map.of("username", "sarah_miller", "name", "Sarah M."))
            .send();
    assertThat(updated.status()).as("%s", updated).isEqualTo(200);
    assertThat(updated.json().path("id").asText()).isEqualTo(contact.path("id").asText());
    Api.Response byEmail =
        api.post("/v1/contacts")
            .bearer(company.testKey())
            .json(Map.of("email", "SARAH@example.com", "name", "Sarah Miller"))
            .send();
    assertThat(byEmail.status()).as("%s", byEmail).isEqualTo(200);
    assertThat(byEmail.json().path("id").asText()).isEqualTo(contact.path("id").asText());

    Api.Response list =
        api.get("/api/v1/crm/contacts?tag=trial&limit=10").bearer(company.testKey()).send();
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("total").asInt()).isEqualTo(1);
    assertThat(list.json().path("limit").asInt()).isEqualTo(10);
    assertThat(list.json().path("offset").asInt()).isEqualTo(0);
    assertThat(list.json().path("has_more").asBoolean(true)).isFalse();
  }
}
