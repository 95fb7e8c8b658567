package dev.solid.kit.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.infra.EmbeddedKafkaBroker;
import dev.solid.infra.EmbeddedPostgresServer;
import dev.solid.infra.Ports;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutboxRelayTest {
  private static EmbeddedPostgresServer postgres;
  private static EmbeddedKafkaBroker kafka;
  private String schema;
  private String topic;

  @BeforeAll
  static void startInfrastructure() {
    postgres = EmbeddedPostgresServer.start(null, 0);
    postgres.ensureDatabase("solid");
    kafka = EmbeddedKafkaBroker.start(null, 0);
  }

  @AfterAll
  static void stopInfrastructure() {
    kafka.close();
    postgres.close();
  }

  @BeforeEach
  void createOutbox() throws Exception {
    schema = "svc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    topic = "test." + schema;
    String migration =
        new String(
                getClass().getResourceAsStream("/db/kit/V1000__outbox.sql").readAllBytes(),
                StandardCharsets.UTF_8)
            .replace("${flyway:defaultSchema}", schema);
    try (Connection c = connection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
      s.execute(migration);
    }
  }

  @Test
  void shouldPublishCommittedEventsInOrder() throws Exception {
    try (OutboxRelay relay = relay(kafka.bootstrapServers())) {
      long committedAt = insert(50, true);
      List<ConsumerRecord<String, String>> records = consume(kafka.bootstrapServers(), 50);
      System.out.printf(
          "outbox: 50 events committed -> consumed in %d ms%n",
          System.currentTimeMillis() - committedAt);
      assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(payloads(50));
      assertThat(records).extracting(ConsumerRecord::key).containsOnly("7");
    }
    assertThat(unpublished()).isZero();
  }

  @Test
  void shouldPublishNothingForARolledBackTransaction() throws Exception {
    try (OutboxRelay relay = relay(kafka.bootstrapServers())) {
      insert(3, false);
      try (Connection c = connection();
          Statement s = c.createStatement()) {
        s.execute(insertSql("marker", "{\"seq\":\"marker\"}"));
      }
      List<ConsumerRecord<String, String>> records = consume(kafka.bootstrapServers(), 1);
      assertThat(records).extracting(ConsumerRecord::value).containsExactly("{\"seq\":\"marker\"}");
      assertThat(consume(kafka.bootstrapServers(), 0)).hasSize(1);
    }
  }

  @Test
  void shouldKeepEventsWhileKafkaIsDownAndPublishThemInOrderWhenItReturns() throws Exception {
    int port = Ports.free();
    String bootstrap = "127.0.0.1:" + port;
    try (OutboxRelay relay = relay(bootstrap)) {
      insert(10, true);
      // Several poll rounds with no broker: every row must stay unpublished all along.
      Awaitility.await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> unpublished() == 10);
      try (EmbeddedKafkaBroker late = EmbeddedKafkaBroker.start(null, port)) {
        List<ConsumerRecord<String, String>> records = consume(bootstrap, 10);
        assertThat(records)
            .extracting(ConsumerRecord::value)
            .containsExactlyElementsOf(payloads(10));
        awaitUnpublished(0);
      }
    }
  }

  @Test
  void shouldPublishRowsLeftByAStoppedRelay() throws Exception {
    insert(5, true);
    assertThat(unpublished()).isEqualTo(5);
    try (OutboxRelay relay = relay(kafka.bootstrapServers())) {
      assertThat(consume(kafka.bootstrapServers(), 5)).hasSize(5);
    }
  }

  @Test
  void shouldLetOnlyOneOfTwoRelaysPublish() throws Exception {
    try (OutboxRelay first = relay(kafka.bootstrapServers());
        OutboxRelay second = relay(kafka.bootstrapServers())) {
      insert(100, true);
      awaitUnpublished(0);
      // Everything on the topic once the outbox is drained: a second publisher would add copies.
      List<ConsumerRecord<String, String>> records = consumeAll(kafka.bootstrapServers(), 100);
      assertThat(records)
          .extracting(ConsumerRecord::value)
          .containsExactlyElementsOf(payloads(100));
    }
  }

  @Test
  void shouldLetTheStandbyPublishOnceTheLeaderStops() throws Exception {
    OutboxRelay leader = relay(kafka.bootstrapServers());
    try {
      insert(1, true);
      awaitUnpublished(0);
      try (OutboxRelay standby = relay(kafka.bootstrapServers())) {
        leader.close();
        try (Connection c = connection();
            Statement s = c.createStatement()) {
          s.execute(insertSql("evt_" + UUID.randomUUID(), "{\"seq\":\"after-failover\"}"));
        }
        // The standby retries the leader's lock every 2 s; generous bound for a loaded machine.
        awaitUnpublished(0, Duration.ofSeconds(30));
        assertThat(consumeAll(kafka.bootstrapServers(), 2))
            .extracting(ConsumerRecord::value)
            .containsExactly("{\"seq\":0}", "{\"seq\":\"after-failover\"}");
      }
    } finally {
      leader.close();
    }
  }

  @Test
  void shouldBeWokenByNotifyWithoutWaitingForThePollInterval() throws Exception {
    // A 60 s poll interval: only the NOTIFY sent at commit can publish the second row within the
    // 20 s bound (generous for a loaded machine, and still far from the next poll).
    try (OutboxRelay relay = relay(kafka.bootstrapServers(), Duration.ofSeconds(60))) {
      // The first row is published by the relay's first drain, which runs after its LISTEN: once
      // it is out, the relay is listening and idle in its 60 s wait.
      insert(1, true);
      awaitUnpublished(0, Duration.ofSeconds(30));
      insert(1, true);
      awaitUnpublished(0, Duration.ofSeconds(20));
      assertThat(consumeAll(kafka.bootstrapServers(), 2)).hasSize(2);
    }
  }

  private OutboxRelay relay(String bootstrap) {
    return relay(bootstrap, Duration.ofMillis(500));
  }

  private OutboxRelay relay(String bootstrap, Duration pollInterval) {
    return OutboxRelay.start(
        new OutboxRelay.Settings(
            postgres.jdbcUrl("solid"),
            "postgres",
            "",
            schema + ".outbox",
            Map.of("bootstrap.servers", bootstrap),
            pollInterval,
            500,
            Duration.ofDays(7)));
  }

  private static List<String> payloads(int n) {
    List<String> payloads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      payloads.add("{\"seq\":" + i + "}");
    }
    return payloads;
  }

  /** Inserts n events in one transaction, committed or rolled back; returns the commit time. */
  private long insert(int n, boolean commit) throws SQLException {
    try (Connection c = connection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (int i = 0; i < n; i++) {
          s.execute(insertSql("evt_" + UUID.randomUUID(), "{\"seq\":" + i + "}"));
        }
      }
      if (commit) {
        c.commit();
      } else {
        c.rollback();
      }
      return System.currentTimeMillis();
    }
  }

  private String insertSql(String id, String payload) {
    return "INSERT INTO "
        + schema
        + ".outbox (event_id, topic, record_key, payload) VALUES ('"
        + id
        + "', '"
        + topic
        + "', '7', '"
        + payload
        + "')";
  }

  private long unpublished() throws SQLException {
    try (Connection c = connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM " + schema + ".outbox WHERE published_at IS NULL");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void awaitUnpublished(long expected) throws Exception {
    // Generous: a loaded 2-core CI machine; the wait ends as soon as the count is reached.
    awaitUnpublished(expected, Duration.ofSeconds(30));
  }

  private void awaitUnpublished(long expected, Duration timeout) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(unpublished()).isEqualTo(expected));
  }

  /**
   * Every record of the topic: waits for at least {@code expected}, then keeps reading until the
   * topic has been quiet for 2 s, so extra copies would be counted too.
   */
  private List<ConsumerRecord<String, String>> consumeAll(String bootstrap, int expected) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (var consumer = subscribedFromStart(bootstrap)) {
      long deadline = System.currentTimeMillis() + 30_000;
      long quietSince = System.currentTimeMillis();
      while (System.currentTimeMillis() < deadline
          && (records.size() < expected || System.currentTimeMillis() - quietSince < 2_000)) {
        var polled = consumer.poll(Duration.ofMillis(200));
        if (!polled.isEmpty()) {
          polled.forEach(records::add);
          quietSince = System.currentTimeMillis();
        }
      }
    }
    return records;
  }

  private List<ConsumerRecord<String, String>> consume(String bootstrap, int expected) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (var consumer = subscribedFromStart(bootstrap)) {
      long deadline = System.currentTimeMillis() + (expected == 0 ? 3_000 : 30_000);
      while (System.currentTimeMillis() < deadline
          && (expected == 0 || records.size() < expected)) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** A consumer of the test topic in a fresh group, reading from the earliest offset. */
  private KafkaConsumer<String, String> subscribedFromStart(String bootstrap) {
    var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                bootstrap,
                "group.id",
                "test-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  private static Connection connection() throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl("solid"), "postgres", "");
  }
}
