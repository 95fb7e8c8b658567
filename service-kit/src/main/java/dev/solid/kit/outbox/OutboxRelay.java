package dev.solid.kit.outbox;

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
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Publishes a service's outbox to Kafka, in id order, and stamps each row published.
 *
 * <p>It runs on one dedicated thread with its own JDBC connection: blocking is fine there, and the
 * connection both LISTENs for the insert trigger's NOTIFY (sent at commit, so commit → Kafka takes
 * milliseconds) and holds a session advisory lock, so across replicas exactly one relay publishes
 * and per-company order is kept. Delivery is at-least-once: a crash between the Kafka ack and the
 * stamp republishes those rows; consumers drop duplicates by event id.
 *
 * <p>While Kafka is down, rows stay unpublished and are retried with backoff, oldest first.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Settings settings;
  private final Thread thread;
  // Used only by the relay thread. Replaced after a failed batch: closing it with zero timeout
  // drops records still buffered for the dead broker, which would otherwise arrive later, after
  // the batch is re-sent, and break the order.
  private Producer<String, String> producer;
  private volatile boolean running = true;

  /**
   * What the relay needs; plain values so it can run without a container. {@code kafka} is the
   * service's whole Kafka client configuration (Quarkus' {@code kafka.*} properties without the
   * prefix: bootstrap servers, TLS, SASL, client rack…); the relay adds only the producer settings
   * its ordering and durability depend on.
   */
  public record Settings(
      String jdbcUrl,
      String user,
      String password,
      String table,
      Map<String, Object> kafka,
      Duration pollInterval,
      int batchSize,
      Duration retention) {

    String channel() {
      return "solid_outbox_" + table.substring(0, table.indexOf('.'));
    }
  }

  private OutboxRelay(Settings settings) {
    this.settings = settings;
    this.thread = new Thread(this::run, "outbox-relay-" + settings.table());
    this.thread.setDaemon(true);
  }

  public static OutboxRelay start(Settings settings) {
    OutboxRelay relay = new OutboxRelay(settings);
    relay.thread.start();
    return relay;
  }

  static Properties producerProperties(Map<String, Object> kafka) {
    Properties props = new Properties();
    kafka.forEach(
        (name, value) -> {
          if (value != null && !name.startsWith("health")) {
            props.put(name, value);
          }
        });
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    // Idempotent producer: no duplicates from producer retries, order kept per partition.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "solid-outbox-relay");
    return props;
  }

  private void run() {
    Duration backoff = settings.pollInterval();
    long lastCleanup = 0;
    while (running) {
      try (Connection connection = connect()) {
        waitForLeadership(connection);
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN " + settings.channel());
        }
        LOG.infof("Outbox relay for %s is publishing", settings.table());
        PGConnection notifications = connection.unwrap(PGConnection.class);
        while (running) {
          try {
            drain(connection);
            backoff = settings.pollInterval();
          } catch (KafkaUnavailable e) {
            discardProducer();
            LOG.warnf(
                "Kafka unavailable, %s waits in the outbox; retrying in %d ms: %s",
                settings.table(), backoff.toMillis(), e.getMessage());
            sleep(backoff);
            backoff =
                backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                    ? MAX_BACKOFF
                    : backoff.multipliedBy(2);
            continue;
          }
          if (System.currentTimeMillis() - lastCleanup > 3_600_000) {
            cleanup(connection);
            lastCleanup = System.currentTimeMillis();
          }
          // Returns as soon as a NOTIFY arrives, or after the poll interval.
          notifications.getNotifications((int) settings.pollInterval().toMillis());
        }
      } catch (SQLException e) {
        if (running) {
          LOG.warnf(
              "Outbox relay for %s lost its database connection: %s",
              settings.table(), e.getMessage());
          sleep(Duration.ofSeconds(1));
        }
      } catch (RuntimeException e) {
        LOG.errorf(e, "Outbox relay for %s failed; restarting", settings.table());
        sleep(Duration.ofSeconds(1));
      }
    }
    // close() interrupts this thread to wake it; clear the flag or the producer cannot close.
    Thread.interrupted();
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }

  private Connection connect() throws SQLException {
    Connection connection =
        DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    connection.setAutoCommit(true);
    return connection;
  }

  /** Blocks until this relay holds the table's advisory lock (one publisher across replicas). */
  private void waitForLeadership(Connection connection) throws SQLException {
    boolean logged = false;
    while (running) {
      try (PreparedStatement lock =
          connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
        lock.setString(1, "solid-outbox:" + settings.table());
        try (ResultSet rs = lock.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            return;
          }
        }
      }
      if (!logged) {
        LOG.infof("Another replica publishes %s; standing by", settings.table());
        logged = true;
      }
      sleep(Duration.ofSeconds(2));
    }
  }

  private void drain(Connection connection) throws SQLException {
    if (producer == null) {
      producer = new KafkaProducer<>(producerProperties(settings.kafka()));
    }
    while (running) {
      List<Long> ids = new ArrayList<>();
      List<ProducerRecord<String, String>> records = new ArrayList<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT id, topic, record_key, payload FROM "
                  + settings.table()
                  + " WHERE published_at IS NULL ORDER BY id LIMIT ?")) {
        select.setInt(1, settings.batchSize());
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
            records.add(new ProducerRecord<>(rs.getString(2), rs.getString(3), rs.getString(4)));
          }
        }
      }
      List<Future<?>> acks = new ArrayList<>();
      try {
        // Fetch metadata first: a send that times out waiting for it returns a failed future
        // while later sends of the batch may succeed once the broker is back, breaking order.
        records.stream().map(ProducerRecord::topic).distinct().forEach(producer::partitionsFor);
        for (ProducerRecord<String, String> record : records) {
          Future<?> ack = producer.send(record);
          acks.add(ack);
          if (ack.isDone()) {
            ack.get(); // failed at once: stop here rather than send what follows
          }
        }
      } catch (org.apache.kafka.common.KafkaException | java.util.concurrent.ExecutionException e) {
        throw new KafkaUnavailable(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaUnavailable(e);
      }
      if (ids.isEmpty()) {
        return;
      }
      awaitAcks(acks);
      try (PreparedStatement mark =
          connection.prepareStatement(
              "UPDATE " + settings.table() + " SET published_at = now() WHERE id = ANY (?)")) {
        mark.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
        mark.executeUpdate();
      }
      if (ids.size() < settings.batchSize()) {
        return;
      }
    }
  }

  private void awaitAcks(List<Future<?>> acks) {
    try {
      for (Future<?> ack : acks) {
        ack.get(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailable(e);
    } catch (Exception e) {
      throw new KafkaUnavailable(e);
    }
  }

  private void discardProducer() {
    if (producer != null) {
      producer.close(Duration.ZERO);
      producer = null;
    }
  }

  private void cleanup(Connection connection) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM "
                + settings.table()
                + " WHERE published_at < now() - make_interval(secs => ?)")) {
      delete.setLong(1, settings.retention().toSeconds());
      int deleted = delete.executeUpdate();
      if (deleted > 0) {
        LOG.debugf("Deleted %d published outbox rows of %s", deleted, settings.table());
      }
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class KafkaUnavailable extends RuntimeException {
    KafkaUnavailable(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}
