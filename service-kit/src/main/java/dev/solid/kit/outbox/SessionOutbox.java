package dev.solid.kit.outbox;

import dev.solid.common.event.EventEnvelope;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The outbox append for services on Hibernate Reactive: the row goes through the session, so it is
 * part of the session's transaction. Kept out of {@link OutboxWriter} (and not a bean) so services
 * without Hibernate Reactive never load it.
 */
public final class SessionOutbox {
  private SessionOutbox() {}

  public static Uni<Void> append(
      Mutiny.Session session, OutboxWriter writer, String topic, EventEnvelope event) {
    return session
        .createNativeQuery(
            "INSERT INTO "
                + writer.table()
                + " (event_id, topic, record_key, payload) VALUES (:id, :topic, :key, :payload)")
        .setParameter("id", event.id())
        .setParameter("topic", topic)
        .setParameter("key", OutboxWriter.recordKey(event))
        .setParameter("payload", writer.payload(event))
        .executeUpdate()
        .replaceWithVoid();
  }
}
