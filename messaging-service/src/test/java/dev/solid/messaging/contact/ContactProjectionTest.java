package dev.solid.messaging.contact;

import static dev.solid.messaging.support.MessagingApi.awaitSql;
import static dev.solid.messaging.support.MessagingApi.crmEnvelope;
import static dev.solid.messaging.support.MessagingApi.newCompany;
import static dev.solid.messaging.support.MessagingApi.publish;
import static dev.solid.messaging.support.MessagingApi.publishAndAwaitConsumed;
import static dev.solid.messaging.support.MessagingApi.sqlCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.common.event.EventTopics;
import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.messaging.support.ProviderStandInResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** crm's contact events, as Kafka delivers them: again after a rebalance, or not as envelopes. */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@QuarkusTestResource(ProviderStandInResource.class)
class ContactProjectionTest {
  private static final String GROUP = "messaging-contacts";

  private static int named(long company, long id, String firstName) throws Exception {
    return sqlCount(
        "SELECT 1 FROM messaging.contacts WHERE company_id = ? AND id = ? AND first_name = ?",
        company,
        id,
        firstName);
  }

  @Test
  void shouldChangeNothingWhenAnEventIsRedelivered() throws Exception {
    long company = newCompany();
    long id = company * 10 + 1;
    String key = Long.toString(company);
    String created =
        crmEnvelope(
            "evt_created_" + company,
            company,
            false,
            "contact.created",
            id,
            Map.of("first_name", "Old"));
    publish(EventTopics.CRM, key, created);
    publishAndAwaitConsumed(
        EventTopics.CRM,
        key,
        crmEnvelope(
            "evt_updated_" + company,
            company,
            false,
            "contact.updated",
            id,
            Map.of("first_name", "New")),
        GROUP);
    assertThat(named(company, id, "New")).isEqualTo(1);

    // contact.created once more, as after a rebalance before its offset was committed.
    publishAndAwaitConsumed(EventTopics.CRM, key, created, GROUP);

    assertThat(named(company, id, "New")).as("the newer update stays").isEqualTo(1);
    assertThat(
            sqlCount(
                "SELECT 1 FROM messaging.processed_events WHERE consumer = 'contact-projection'"
                    + " AND event_id = ?",
                "evt_created_" + company))
        .isEqualTo(1);
  }

  @Test
  void shouldSkipARecordThatIsNotAnEnvelopeAndApplyTheNextOne() throws Exception {
    long company = newCompany();
    long id = company * 10 + 2;
    String key = Long.toString(company); // one company: one partition, in this order
    publish(EventTopics.CRM, key, "{not json");
    publish(EventTopics.CRM, key, "{\"event\":\"contact.created\",\"data\":{\"id\":" + id + "}}");
    publish(
        EventTopics.CRM,
        key,
        crmEnvelope(
            "evt_after_" + company,
            company,
            false,
            "contact.created",
            id,
            Map.of("first_name", "Next")));

    awaitSql(
        "SELECT 1 FROM messaging.contacts WHERE company_id = ? AND id = ? AND first_name = ?",
        company,
        id,
        "Next");
    // The record without a company was not taken for company 0's contact.
    assertThat(sqlCount("SELECT 1 FROM messaging.contacts WHERE company_id = 0 AND id = ?", id))
        .isZero();
  }
}
