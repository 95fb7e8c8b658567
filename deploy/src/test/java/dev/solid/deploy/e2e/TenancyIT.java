package dev.solid.deploy.e2e;

import static dev.solid.deploy.e2e.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SolidStack.class)
class TenancyIT {
  private static final String CONTACTS = "/api/v1/crm/contacts";

  @Test
  void shouldKeepTestAndLiveObjectsApart(Api api) {
    Api.Company company = api.newCompany();
    String liveKey =
        api.createKey(company.ownerToken(), "live", Api.ALL_SCOPES, "live", null)
            .path("key")
            .asText();
    String testKey = company.testKey();

    Map<String, Object> liveBody = Api.contact("Live Person");
    Api.Response live = api.post(CONTACTS).bearer(liveKey).json(liveBody).send();
    assertThat(live.status()).as("%s", live).isEqualTo(201);
    assertThat(live.json().path("livemode").asBoolean()).isTrue();
    Api.Response test = api.post(CONTACTS).bearer(testKey).json(Api.contact("Test Person")).send();
    assertThat(test.status()).as("%s", test).isEqualTo(201);
    assertThat(test.json().path("livemode").asBoolean(true)).isFalse();

    String liveId = live.json().path("id").asText();
    String testId = test.json().path("id").asText();
    assertProblem(api.get(CONTACTS + "/" + liveId).bearer(testKey).send(), 404, "not_found");
    assertProblem(api.get(CONTACTS + "/" + testId).bearer(liveKey).send(), 404, "not_found");

    Api.Response testList = api.get(CONTACTS).bearer(testKey).send();
    assertThat(testList.json().path("total").asInt()).isEqualTo(1);
    assertThat(testList.json().path("items").findValuesAsText("id")).containsExactly(testId);
    Api.Response liveList = api.get(CONTACTS).bearer(liveKey).send();
    assertThat(liveList.json().path("items").findValuesAsText("id")).containsExactly(liveId);
  }
}
