package dev.solid.webhooks.bench;

import static dev.solid.webhooks.Support.createEndpoint;
import static dev.solid.webhooks.Support.newCompany;
import static org.awaitility.Awaitility.await;

import dev.solid.infra.testing.SolidTestInfra;
import dev.solid.webhooks.Receiver;
import dev.solid.webhooks.Receiver.Answer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: a benchmark run by {@code webhook-dispatcher/bench/run.sh} (skipped unless
 * -Dbench=true). One dispatcher, real Kafka and PostgreSQL, receivers in this JVM. Prints
 * deliveries per second and event-produced → received latency.
 */
@QuarkusTest
@QuarkusTestResource(
    value = SolidTestInfra.class,
    initArgs = @ResourceArg(name = "redis", value = "false"))
@EnabledIfSystemProperty(named = "bench", matches = "true")
class DispatchBenchmark {
  private static final int EVENTS = Integer.getInteger("bench.events", 2000);
  private static final int AT_REST_EVENTS = Integer.getInteger("bench.at-rest-events", 200);
  private static final int AT_REST_RATE = Integer.getInteger("bench.at-rest-rate", 20);

  /** Single events spaced apart (no backlog): the commit → delivered latency readers want. */
  @Test
  void fastReceiverAtRest() {
    long company = newCompany();
    try (Receiver fast = Receiver.ok()) {
      createEndpoint(company, fast.url(), List.of("contact.updated"));
      warmUp(company, fast);
      int before = fast.received().size();
      long start = System.currentTimeMillis();
      produceSpaced(company, "contact.updated", AT_REST_EVENTS, AT_REST_RATE);
      await("all delivered")
          .atMost(Duration.ofMinutes(2))
          .until(() -> fast.received().size() >= before + AT_REST_EVENTS);
      report(
          "at rest: "
              + AT_REST_EVENTS
              + " single events at "
              + AT_REST_RATE
              + "/s, fast receiver, 1 endpoint",
          fast.received().subList(before, before + AT_REST_EVENTS),
          start);
    }
  }

  @Test
  void fastReceiverAlone() {
    long company = newCompany();
    try (Receiver fast = Receiver.ok()) {
      createEndpoint(company, fast.url(), List.of("contact.created"));
      warmUp(company, fast);
      int before = fast.received().size();
      long start = System.currentTimeMillis();
      produce(company, "contact.created", EVENTS);
      await("all delivered")
          .atMost(Duration.ofMinutes(5))
          .until(() -> fast.received().size() >= before + EVENTS);
      report(
          "fast receiver (200 at once), 1 endpoint",
          fast.received().subList(before, before + EVENTS),
          start);
      phases(company);
    }
  }

  @Test
  void fastReceiverNextToSlowOne() {
    long company = newCompany();
    try (Receiver fast = Receiver.ok();
        Receiver slow = Receiver.answering(n -> new Answer(200, "slow", Map.of(), 2000))) {
      createEndpoint(company, fast.url(), List.of("deal.won"));
      createEndpoint(company, slow.url(), List.of("deal.won"));
      warmUp(company, fast);
      int before = fast.received().size();
      int slowBefore = slow.received().size();
      long start = System.currentTimeMillis();
      produce(company, "deal.won", EVENTS);
      await("fast delivered")
          .atMost(Duration.ofMinutes(5))
          .until(() -> fast.received().size() >= before + EVENTS);
      long fastDone = System.currentTimeMillis();
      // Counted now: the report below parses 2000 bodies, which takes seconds on a busy box.
      int slowCount = slow.received().size() - slowBefore;
      report(
          "fast receiver next to a 2 s receiver (same events, same company)",
          fast.received().subList(before, before + EVENTS),
          start);
      System.out.printf(
          "BENCH   slow receiver meanwhile: %d requests in %.1f s = %.1f/s (per-endpoint cap 4 in"
              + " flight / 2 s), at most %d at once; fast receiver at most %d at once%n",
          slowCount,
          (fastDone - start) / 1000.0,
          slowCount * 1000.0 / (fastDone - start),
          slow.maxConcurrent(),
          fast.maxConcurrent());
      outcomes(company);
    }
  }

  /** Attempts of the company by endpoint and outcome (status or error). */
  private static void outcomes(long company) {
    try (var db = dev.solid.webhooks.Support.db();
        var st =
            db.prepareStatement(
                "SELECT d.endpoint_id, a.response_status, left(a.error, 60), count(*),"
                    + " round(avg(a.latency_ms)), min(a.attempted_at), max(a.attempted_at)"
                    + " FROM webhooks.deliveries d"
                    + " JOIN webhooks.delivery_attempts a ON a.delivery_id = d.id"
                    + " WHERE d.company_id = ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")) {
      st.setLong(1, company);
      var rs = st.executeQuery();
      while (rs.next()) {
        System.out.printf(
            "BENCH   attempts: endpoint %d, status %s, error %s: %d, mean latency %d ms,"
                + " first %s, last %s%n",
            rs.getLong(1),
            rs.getObject(2),
            rs.getString(3),
            rs.getLong(4),
            rs.getLong(5),
            rs.getString(6),
            rs.getString(7));
      }
    } catch (Exception e) {
      System.out.println("BENCH   attempts: " + e);
    }
  }

  /** Where the time went: recording (consumer) vs sending (attempts), from PostgreSQL. */
  private static void phases(long company) {
    try (var db = dev.solid.webhooks.Support.db();
        var st =
            db.prepareStatement(
                "SELECT extract(epoch FROM max(d.created_at) - min(d.created_at)),"
                    + " extract(epoch FROM max(a.attempted_at) - min(a.attempted_at)),"
                    + " avg(a.latency_ms), count(*) FROM webhooks.deliveries d"
                    + " JOIN webhooks.delivery_attempts a ON a.delivery_id = d.id"
                    + " WHERE d.company_id = ?")) {
      st.setLong(1, company);
      var rs = st.executeQuery();
      rs.next();
      System.out.printf(
          "BENCH   phases: deliveries recorded over %.2f s, attempts over %.2f s, mean attempt"
              + " latency %.1f ms, %d attempts%n",
          rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4));
    } catch (Exception e) {
      System.out.println("BENCH   phases: " + e);
    }
  }

  private static void warmUp(long company, Receiver receiver) {
    createEndpoint(company, receiver.url(), List.of("order.paid"));
    int before = receiver.received().size();
    produce(company, "order.paid", 1);
    await("warm-up")
        .atMost(Duration.ofSeconds(60))
        .until(() -> receiver.received().size() > before);
  }

  private static void report(String title, List<Receiver.Received> received, long start) {
    List<Long> latencies = new ArrayList<>();
    long last = 0;
    for (Receiver.Received r : received) {
      long produced = JsonPath.from(r.bodyText()).getLong("data.produced_at");
      latencies.add(r.receivedAtMillis() - produced);
      last = Math.max(last, r.receivedAtMillis());
    }
    Collections.sort(latencies);
    double seconds = (last - start) / 1000.0;
    System.out.printf(
        "BENCH %s: %d deliveries in %.2f s = %.0f deliveries/s; produced->received latency p50"
            + " %d ms, p99 %d ms, max %d ms%n",
        title,
        received.size(),
        seconds,
        received.size() / seconds,
        latencies.get(latencies.size() / 2),
        latencies.get((int) Math.floor(latencies.size() * 0.99) - 1),
        latencies.get(latencies.size() - 1));
  }

  private static void produce(long company, String type, int count) {
    produceSpaced(company, type, count, 0);
  }

  /** Produces count events, perSecond apart (0 = as fast as possible), each sent at once. */
  private static void produceSpaced(long company, String type, int count, int perSecond) {
    Properties props = new Properties();
    props.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    try (var producer = new KafkaProducer<String, String>(props)) {
      long begin = System.nanoTime();
      for (int i = 0; i < count; i++) {
        if (perSecond > 0) {
          long due = begin + i * 1_000_000_000L / perSecond;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            try {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }
        String id = "evt_bench" + System.nanoTime();
        String value =
            "{\"id\":\""
                + id
                + "\",\"event\":\""
                + type
                + "\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"company_id\":"
                + company
                + ",\"livemode\":false,\"data\":{\"produced_at\":"
                + System.currentTimeMillis()
                + ",\"i\":"
                + i
                + "}}";
        producer.send(new ProducerRecord<>("solid.crm.events.v1", Long.toString(company), value));
        if (perSecond > 0) {
          producer.flush();
        }
      }
      producer.flush();
    }
  }
}
