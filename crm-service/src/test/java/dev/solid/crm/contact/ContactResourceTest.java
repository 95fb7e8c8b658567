package dev.solid.crm.contact;

import static dev.solid.crm.contact.ContactApi.PATH;
import static dev.solid.crm.contact.ContactApi.as;
import static dev.solid.crm.contact.ContactApi.create;
import static dev.solid.crm.contact.ContactApi.delete;
import static dev.solid.crm.contact.ContactApi.get;
import static dev.solid.crm.contact.ContactApi.newCompany;
import static dev.solid.crm.contact.ContactApi.patch;
import static dev.solid.crm.contact.ContactApi.post;
import static dev.solid.crm.contact.ContactApi.readWrite;
import static dev.solid.crm.contact.ContactApi.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.solid.infra.testing.SolidTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = {
      @ResourceArg(name = "redis", value = "false"),
      @ResourceArg(name = "kafka", value = "true")
    })
class ContactResourceTest {
  private static final String SEED =
      "{\"username\":\"@sarah_miller\",\"name\":\"Sarah Miller\",\"email\":\"sarah@example.com\","
          + "\"tags\":[\"trial\",\"webinar-2026-06\"]}";

  // --- create and upsert ---

  @Test
  void shouldCreateContactFromSeedBody() {
    String token = readWrite(newCompany());
    post(token, SEED)
        .statusCode(201)
        .contentType(ContentType.JSON)
        .body("id", notNullValue())
        .body("name", equalTo("Sarah Miller"))
        .body("first_name", equalTo("Sarah"))
        .body("last_name", equalTo("Miller"))
        .body("username", equalTo("sarah_miller"))
        .body("email", equalTo("sarah@example.com"))
        .body("phone", nullValue())
        .body("tags", contains("trial", "webinar-2026-06"))
        .body("custom_fields", equalTo(java.util.Map.of()))
        .body("livemode", equalTo(false))
        .body("created_at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"))
        .body("updated_at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"));
  }

  @Test
  void shouldUpsertSameContactOnEmailIgnoringCase() {
    String token = readWrite(newCompany());
    long id = create(token, SEED);

    post(token, "{\"email\":\"SARAH@Example.COM\",\"phone\":\"+1 (801) 555-1234\"}")
        .statusCode(200)
        .body("id", equalTo((int) id))
        .body("phone", equalTo("+18015551234"))
        .body("name", equalTo("Sarah Miller"));
  }

  @Test
  void shouldUpsertSameContactOnUsernameWithOrWithoutAt() {
    String token = readWrite(newCompany());
    long id = create(token, SEED);

    post(token, "{\"username\":\"sarah_miller\",\"last_name\":\"Jones\"}")
        .statusCode(200)
        .body("id", equalTo((int) id))
        .body("username", equalTo("sarah_miller"));
    post(token, "{\"username\":\"@Sarah_Miller\"}").statusCode(200).body("id", equalTo((int) id));
  }

  @Test
  void shouldMergeTagsAndCustomFieldsOnUpsert() {
    String token = readWrite(newCompany());
    long id =
        create(
            token,
            "{\"email\":\"m@example.com\",\"tags\":[\"a\",\"b\"],"
                + "\"custom_fields\":{\"plan\":\"pro\",\"seats\":3,\"vip\":true}}");

    post(
            token,
            "{\"email\":\"m@example.com\",\"tags\":[\"b\",\"c\"],"
                + "\"custom_fields\":{\"plan\":\"team\",\"vip\":null,\"region\":\"eu\"}}")
        .statusCode(200)
        .body("id", equalTo((int) id))
        .body("tags", contains("a", "b", "c"))
        .body("custom_fields.plan", equalTo("team"))
        .body("custom_fields.seats", equalTo(3))
        .body("custom_fields.region", equalTo("eu"))
        .body("custom_fields", not(hasKey("vip")));
  }

  @Test
  void shouldRejectUpsertWhoseEmailAndUsernameMatchDifferentContacts() {
    String token = readWrite(newCompany());
    create(token, "{\"email\":\"one@example.com\"}");
    create(token, "{\"username\":\"two\"}");

    post(token, "{\"email\":\"one@example.com\",\"username\":\"@two\"}")
        .statusCode(409)
        .contentType("application/problem+json")
        .body("code", equalTo("conflict"));
  }

  @Test
  void shouldDeriveNameFromFirstAndLastName() {
    String token = readWrite(newCompany());
    post(token, "{\"first_name\":\"Ada\",\"last_name\":\"Lovelace\"}")
        .statusCode(201)
        .body("name", equalTo("Ada Lovelace"));
    post(token, "{\"name\":\"Cher\"}")
        .statusCode(201)
        .body("first_name", equalTo("Cher"))
        .body("last_name", nullValue());
  }

  @Test
  void shouldKeepTheOtherNamePartWhenAnUpsertSendsOnlyOne() {
    String token = readWrite(newCompany());
    long id = create(token, SEED);

    post(token, "{\"username\":\"@sarah_miller\",\"first_name\":\"Sara\"}")
        .statusCode(200)
        .body("id", equalTo((int) id))
        .body("first_name", equalTo("Sara"))
        .body("last_name", equalTo("Miller"))
        .body("name", equalTo("Sara Miller"));
    post(token, "{\"email\":\"sarah@example.com\",\"name\":\"Sarah M.\"}")
        .statusCode(200)
        .body("name", equalTo("Sarah M."))
        .body("first_name", equalTo("Sarah"))
        .body("last_name", equalTo("M."));
  }

  @Test
  void shouldCreateExactlyOneContactForConcurrentUpsertsOfSameNewEmail() throws Exception {
    long company = newCompany();
    String token = readWrite(company);
    int requests = 20;
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<int[]>> results = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        String tag = "t" + i;
        Callable<int[]> call =
            () -> {
              start.await();
              var response =
                  ContactApi.as(token)
                      .contentType(ContentType.JSON)
                      .body("{\"email\":\"race@example.com\",\"tags\":[\"" + tag + "\"]}")
                      .post(PATH);
              return new int[] {response.statusCode(), response.jsonPath().getInt("id")};
            };
        results.add(pool.submit(call));
      }
      start.countDown();
      List<int[]> outcomes = new ArrayList<>();
      for (Future<int[]> f : results) {
        outcomes.add(f.get());
      }
      assertThat(outcomes.stream().filter(o -> o[0] == 201)).hasSize(1);
      assertThat(outcomes.stream().filter(o -> o[0] == 200)).hasSize(requests - 1);
      assertThat(outcomes.stream().map(o -> o[1]).distinct()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    List<String> expectedTags =
        IntStream.range(0, requests).mapToObj(i -> "t" + i).collect(Collectors.toList());
    as(token)
        .get(PATH)
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].tags", containsInAnyOrder(expectedTags.toArray()));
  }

  // --- validation ---

  @Test
  void shouldRejectInvalidEmailWithDetails() {
    post(readWrite(newCompany()), "{\"email\":\"not-an-email\"}")
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", equalTo("validation_error"))
        .body("status", equalTo(422))
        .body("details[0].field", equalTo("email"))
        .body("details[0].error", equalTo("invalid_email"))
        .body("details[0].received", equalTo("not-an-email"))
        .body("request_id", equalTo("req_test_1"));
  }

  @Test
  void shouldRejectPhoneThatIsNotE164() {
    post(readWrite(newCompany()), "{\"name\":\"Bob\",\"phone\":\"555-1234\"}")
        .statusCode(422)
        .body("code", equalTo("validation_error"))
        .body("details[0].field", equalTo("phone"))
        .body("details[0].error", equalTo("invalid_phone"))
        .body("details[0].received", equalTo("555-1234"));
  }

  @Test
  void shouldRequireAnIdentifier() {
    post(readWrite(newCompany()), "{\"tags\":[\"x\"]}")
        .statusCode(422)
        .body("code", equalTo("validation_error"))
        .body("details.field", contains("name", "email", "username", "phone"));
  }

  @Test
  void shouldRejectTooManyTags() {
    String tags =
        IntStream.range(0, 51).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));
    post(readWrite(newCompany()), "{\"name\":\"Bob\",\"tags\":[" + tags + "]}")
        .statusCode(422)
        .body("details[0].field", equalTo("tags"))
        .body("details[0].error", equalTo("too_many"));
  }

  @Test
  void shouldRejectOverlongFieldsAndBadCustomFields() {
    String longName = "x".repeat(201);
    post(
            readWrite(newCompany()),
            "{\"name\":\""
                + longName
                + "\",\"username\":\"@bad name\",\"tags\":[\"\"],"
                + "\"custom_fields\":{\"bad key\":1,\"nested\":{\"a\":1},\"list\":[1]}}")
        .statusCode(422)
        .body(
            "details.field",
            containsInAnyOrder(
                "name",
                "username",
                "tags[0]",
                "custom_fields",
                "custom_fields.nested",
                "custom_fields.list"))
        .body("details.error", hasItem("invalid_value"));
  }

  @Test
  void shouldRejectTooManyCustomFieldsAndOverlongValues() {
    String token = readWrite(newCompany());
    String fields =
        IntStream.range(0, 51)
            .mapToObj(i -> "\"k" + i + "\":" + i)
            .collect(Collectors.joining(","));
    post(token, "{\"name\":\"Bob\",\"custom_fields\":{" + fields + "}}")
        .statusCode(422)
        .body("details[0].field", equalTo("custom_fields"))
        .body("details[0].error", equalTo("too_many"));
    post(token, "{\"name\":\"Bob\",\"custom_fields\":{\"note\":\"" + "x".repeat(1001) + "\"}}")
        .statusCode(422)
        .body("details[0].field", equalTo("custom_fields.note"))
        .body("details[0].error", equalTo("too_long"));
  }

  @Test
  void shouldRejectValueOfWrongTypeWithoutServerError() {
    post(readWrite(newCompany()), "{\"name\":\"Bob\",\"tags\":\"not-a-list\"}")
        .statusCode(422)
        .body("code", equalTo("validation_error"))
        .body("details[0].field", equalTo("tags"));
  }

  @Test
  void shouldRejectMalformedJson() {
    post(readWrite(newCompany()), "{\"name\": ")
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("bad_request"));
  }

  @Test
  void shouldRejectWrongContentType() {
    as(readWrite(newCompany()))
        .contentType(ContentType.TEXT)
        .body("name=Bob")
        .post(PATH)
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("code", equalTo("unsupported_media_type"));
  }

  // --- list ---

  @Test
  void shouldPageNewestFirstWithEnvelope() {
    String token = readWrite(newCompany());
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(create(token, "{\"name\":\"Person " + i + "\"}"));
    }
    as(token)
        .get(PATH + "?limit=2&offset=0")
        .then()
        .statusCode(200)
        .body("total", equalTo(5))
        .body("limit", equalTo(2))
        .body("offset", equalTo(0))
        .body("has_more", equalTo(true))
        .body("items.id", contains(ids.get(4).intValue(), ids.get(3).intValue()));
    as(token)
        .get(PATH + "?limit=2&offset=4")
        .then()
        .statusCode(200)
        .body("has_more", equalTo(false))
        .body("items.id", contains(ids.get(0).intValue()));
    as(token)
        .get(PATH)
        .then()
        .body("limit", equalTo(50))
        .body("offset", equalTo(0))
        .body("items.size()", equalTo(5));
  }

  @Test
  void shouldRejectLimitOver200() {
    as(readWrite(newCompany()))
        .get(PATH + "?limit=201")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", equalTo("validation_error"))
        .body("details[0].field", equalTo("limit"));
  }

  @Test
  void shouldSearchCaseInsensitivelyAsInSeedQuery() {
    String token = readWrite(newCompany());
    long john = create(token, "{\"name\":\"John Smith\"}");
    long johnny = create(token, "{\"email\":\"JOHNNY@example.com\"}");
    long byUsername = create(token, "{\"username\":\"@bigjohn\"}");
    create(token, "{\"name\":\"Mary Major\",\"phone\":\"+14155550100\"}");

    as(token)
        .get(PATH + "?limit=10&search=john")
        .then()
        .statusCode(200)
        .body("total", equalTo(3))
        .body("limit", equalTo(10))
        .body("items.id", contains((int) byUsername, (int) johnny, (int) john));
    as(token)
        .get(PATH + "?search=555010")
        .then()
        .body("total", equalTo(1))
        .body("items[0].name", equalTo("Mary Major"));
    as(token).get(PATH + "?search=%25").then().body("total", equalTo(0));
    as(token)
        .get(PATH + "?search=@BIGJ")
        .then()
        .body("total", equalTo(1))
        .body("items[0].id", equalTo((int) byUsername));
  }

  @Test
  void shouldFindAPhoneByAFormattedFragment() {
    String token = readWrite(newCompany());
    long utah = create(token, "{\"name\":\"Utah Lead\",\"phone\":\"+18015551234\"}");
    create(token, "{\"name\":\"Other\",\"phone\":\"+14155550100\"}");

    for (String fragment : new String[] {"801-555", "(801) 555", "801.555.12", "+1 801 555"}) {
      as(token)
          .queryParam("search", fragment)
          .get(PATH)
          .then()
          .statusCode(200)
          .body("total", equalTo(1))
          .body("items[0].id", equalTo((int) utah));
    }
  }

  @Test
  void shouldFilterByExactTag() {
    String token = readWrite(newCompany());
    long trial = create(token, "{\"name\":\"A\",\"tags\":[\"trial\",\"x\"]}");
    create(token, "{\"name\":\"B\",\"tags\":[\"trial-ended\"]}");
    create(token, "{\"name\":\"C\"}");

    as(token)
        .get(PATH + "?tag=trial")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items.id", contains((int) trial));
  }

  // --- get, patch, delete ---

  @Test
  void shouldGetContactById() {
    String token = readWrite(newCompany());
    long id = create(token, SEED);
    get(token, id)
        .statusCode(200)
        .body("id", equalTo((int) id))
        .body("email", equalTo("sarah@example.com"));
  }

  @Test
  void shouldNotGetUnknownContact() {
    String token = readWrite(newCompany());
    get(token, 999_999_999L)
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("not_found"));
    as(token).get(PATH + "/abc").then().statusCode(404).body("code", equalTo("not_found"));
  }

  @Test
  void shouldLeaveOmittedFieldsUnchangedOnPatch() {
    String token = readWrite(newCompany());
    long id =
        create(
            token,
            "{\"name\":\"Sarah Miller\",\"email\":\"s@example.com\",\"phone\":\"+18015551234\","
                + "\"tags\":[\"a\"],\"custom_fields\":{\"plan\":\"pro\"}}");

    patch(token, id, "{\"phone\":\"+44 20 7946 0958\"}")
        .statusCode(200)
        .body("phone", equalTo("+442079460958"))
        .body("name", equalTo("Sarah Miller"))
        .body("first_name", equalTo("Sarah"))
        .body("email", equalTo("s@example.com"))
        .body("tags", contains("a"))
        .body("custom_fields.plan", equalTo("pro"));
    get(token, id).body("phone", equalTo("+442079460958")).body("email", equalTo("s@example.com"));
  }

  @Test
  void shouldClearFieldSetToNullAndReplaceTagsOnPatch() {
    String token = readWrite(newCompany());
    long id = create(token, "{\"name\":\"Bob\",\"phone\":\"+18015551234\",\"tags\":[\"a\",\"b\"]}");

    patch(token, id, "{\"phone\":null,\"tags\":[\"c\"],\"custom_fields\":{\"k\":\"v\"}}")
        .statusCode(200)
        .body("phone", nullValue())
        .body("name", equalTo("Bob"))
        .body("tags", contains("c"))
        .body("custom_fields.k", equalTo("v"));
  }

  @Test
  void shouldValidatePatch() {
    String token = readWrite(newCompany());
    long id = create(token, "{\"name\":\"Bob\"}");
    patch(token, id, "{\"email\":\"nope\"}")
        .statusCode(422)
        .body("details[0].field", equalTo("email"))
        .body("details[0].error", equalTo("invalid_email"));
    patch(token, id, "{\"name\":null}").statusCode(422).body("code", equalTo("validation_error"));
    get(token, id).body("name", equalTo("Bob"));
  }

  @Test
  void shouldRejectPatchToAnotherContactsEmailOrUsername() {
    String token = readWrite(newCompany());
    create(token, "{\"email\":\"taken@example.com\",\"username\":\"taken\"}");
    long id = create(token, "{\"email\":\"free@example.com\"}");

    patch(token, id, "{\"email\":\"TAKEN@example.com\"}")
        .statusCode(409)
        .body("code", equalTo("conflict"));
    patch(token, id, "{\"username\":\"@taken\"}").statusCode(409).body("code", equalTo("conflict"));
    get(token, id).body("email", equalTo("free@example.com"));
  }

  @Test
  void shouldNotGetDeletedContact() {
    String token = readWrite(newCompany());
    long id = create(token, SEED);
    delete(token, id).statusCode(204);
    get(token, id).statusCode(404).body("code", equalTo("not_found"));
    delete(token, id).statusCode(404);
  }

  // --- tenancy ---

  @Test
  void shouldNotSeeAnotherCompanysContact() {
    String owner = readWrite(newCompany());
    String other = readWrite(newCompany());
    long id = create(owner, SEED);

    get(other, id).statusCode(404).body("code", equalTo("not_found"));
    patch(other, id, "{\"name\":\"Mallory\"}").statusCode(404).body("code", equalTo("not_found"));
    delete(other, id).statusCode(404).body("code", equalTo("not_found"));
    as(other).get(PATH).then().statusCode(200).body("total", equalTo(0));
    // The other company's upsert with the same email creates its own contact.
    post(other, SEED).statusCode(201).body("id", not(equalTo((int) id)));

    get(owner, id).statusCode(200).body("name", equalTo("Sarah Miller"));
  }

  @Test
  void shouldKeepLiveAndTestModeApart() {
    long company = newCompany();
    String live = token(company, true, "read:contacts", "write:contacts");
    String test = token(company, false, "read:contacts", "write:contacts");
    long liveId = create(live, SEED);
    long testId = create(test, SEED);

    assertThat(testId).isNotEqualTo(liveId);
    get(test, liveId).statusCode(404).body("code", equalTo("not_found"));
    get(live, testId).statusCode(404).body("code", equalTo("not_found"));
    get(live, liveId).statusCode(200).body("livemode", equalTo(true));
    as(test).get(PATH).then().body("total", equalTo(1)).body("items[0].id", equalTo((int) testId));
  }

  @Test
  void shouldNotPatchOrDeleteALiveContactWithATestKey() {
    long company = newCompany();
    String live = token(company, true, "read:contacts", "write:contacts");
    String test = token(company, false, "read:contacts", "write:contacts");
    long liveId = create(live, SEED);

    patch(test, liveId, "{\"name\":\"Test Mode\"}")
        .statusCode(404)
        .body("code", equalTo("not_found"));
    delete(test, liveId).statusCode(404).body("code", equalTo("not_found"));

    get(live, liveId).statusCode(200).body("name", equalTo("Sarah Miller"));
  }

  @Test
  void shouldNotPatchOrDeleteATestContactWithALiveKey() {
    long company = newCompany();
    String live = token(company, true, "read:contacts", "write:contacts");
    String test = token(company, false, "read:contacts", "write:contacts");
    long testId = create(test, SEED);

    patch(live, testId, "{\"name\":\"Live Mode\"}").statusCode(404);
    delete(live, testId).statusCode(404);

    get(test, testId).statusCode(200).body("name", equalTo("Sarah Miller"));
  }

  // --- authentication and scopes ---

  @Test
  void shouldNameMissingScopeIn403() {
    long company = newCompany();
    String writeOnly = token(company, false, "write:contacts");
    String readOnly = token(company, false, "read:contacts");

    as(writeOnly)
        .get(PATH)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("code", equalTo("forbidden"))
        .body("message", org.hamcrest.Matchers.containsString("read:contacts"));
    post(readOnly, SEED)
        .statusCode(403)
        .body("code", equalTo("forbidden"))
        .body("message", org.hamcrest.Matchers.containsString("write:contacts"));
    as(readOnly).delete(PATH + "/1").then().statusCode(403);
  }

  @Test
  void shouldRejectRequestWithoutToken() {
    given()
        .get(PATH)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("code", equalTo("unauthorized"));
    given()
        .contentType(ContentType.JSON)
        .body(SEED)
        .post(PATH)
        .then()
        .statusCode(401)
        .body("code", equalTo("unauthorized"));
  }

  @Test
  void shouldRejectInvalidToken() {
    given()
        .header("Authorization", "Bearer not.a.jwt")
        .get(PATH)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("code", equalTo("unauthorized"));
  }
}
