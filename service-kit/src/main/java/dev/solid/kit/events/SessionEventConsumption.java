package dev.solid.kit.events;

import dev.solid.common.event.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * {@link EventConsumption#once} for consumers on Hibernate Reactive with Panache: the dedupe row
 * goes through the session of {@code Panache.withTransaction}, so it commits with the consumer's
 * entity changes. Kept out of the beans (like {@code SessionOutbox}) so services without Hibernate
 * Reactive never load it.
 */
public final class SessionEventConsumption {
  private SessionEventConsumption() {}

  /** Runs {@code apply} in a Panache transaction with the event's dedupe row, unless applied. */
  public static Uni<Void> once(
      EventConsumption consumption,
      ProcessedEvents processed,
      String consumer,
      EventEnvelope event,
      Supplier<Uni<Void>> apply) {
    if (event == null) {
      return Uni.createFrom().voidItem();
    }
    return consumption.withRetries(
        consumer,
        event,
        () ->
            Panache.withTransaction(
                () ->
                    Panache.getSession()
                        .chain(
                            session ->
                                session
                                    .createNativeQuery(processed.insert(":consumer", ":event"))
                                    .setParameter("consumer", consumer)
                                    .setParameter("event", event.id())
                                    .executeUpdate())
                        .chain(
                            inserted ->
                                inserted == 1
                                    ? apply.get()
                                    : EventConsumption.skipDuplicate(consumer, event))));
  }
}
