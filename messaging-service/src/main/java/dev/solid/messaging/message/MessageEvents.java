package dev.solid.messaging.message;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventEnvelope;
import dev.solid.common.event.EventTopics;
import dev.solid.kit.outbox.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything this service tells the world or its own worker, appended to messaging.outbox in the
 * transaction of the change: public events on {@code solid.messaging.events.v1}, and delivery
 * commands on the internal topic {@code solid.messaging.outbound.v1}.
 */
@ApplicationScoped
public class MessageEvents {
  /** Internal topic: one command per queued message, consumed by the delivery worker. */
  public static final String OUTBOUND_TOPIC = "solid.messaging.outbound.v1";

  /** Type of the internal delivery command (not a public event). */
  public static final String DELIVER = "message.deliver";

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final OutboxWriter outbox;
  private final ObjectMapper json;

  public MessageEvents(OutboxWriter outbox, ObjectMapper json) {
    this.outbox = outbox;
    this.json = json;
  }

  /** Asks the worker to deliver the message (after commit, through the relay). */
  public Uni<Void> deliver(SqlClient db, Message message) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("message_id", message.id());
    EventEnvelope command =
        EventEnvelope.of(DELIVER, message.tenant().companyId(), message.tenant().livemode(), data);
    // Commands need no order between messages: keyed by message, they spread over the topic's
    // partitions and so over the worker's consumers, instead of queueing per company.
    return outbox.append(db, OUTBOUND_TOPIC, message.id(), command);
  }

  /** A public event whose data is the message as the API shows it. */
  public Uni<Void> message(SqlClient db, String type, Message message) {
    return emit(db, message.tenant(), type, json.convertValue(MessageResponse.from(message), MAP));
  }

  /** A public event on the messaging topic. */
  public Uni<Void> emit(SqlClient db, Tenant tenant, String type, Map<String, Object> data) {
    return outbox.append(
        db,
        EventTopics.MESSAGING,
        EventEnvelope.of(type, tenant.companyId(), tenant.livemode(), data));
  }
}
