package dev.solid.payments.event;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventEnvelope;
import dev.solid.common.event.EventTopics;
import dev.solid.kit.outbox.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Writes this service's events to the outbox, in the transaction of the change, on {@link
 * EventTopics#PAYMENTS}. {@code data} is the object as the API answers it, so a webhook consumer
 * reads the same fields as an API client.
 */
@ApplicationScoped
public class PaymentEvents {
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final OutboxWriter outbox;
  private final ObjectMapper json;

  public PaymentEvents(OutboxWriter outbox, ObjectMapper json) {
    this.outbox = outbox;
    this.json = json;
  }

  /** The event with {@code object}'s fields and {@code extra} ones beside them. */
  public Uni<Void> emitWith(
      SqlClient tx, Tenant tenant, String type, Object object, Map<String, Object> extra) {
    Map<String, Object> data = new java.util.LinkedHashMap<>(json.convertValue(object, OBJECT));
    data.putAll(extra);
    return outbox.append(
        tx,
        EventTopics.PAYMENTS,
        EventEnvelope.of(type, tenant.companyId(), tenant.livemode(), data));
  }

  public Uni<Void> emit(SqlClient tx, Tenant tenant, String type, Object object) {
    Map<String, Object> data = json.convertValue(object, OBJECT);
    return outbox.append(
        tx,
        EventTopics.PAYMENTS,
        EventEnvelope.of(type, tenant.companyId(), tenant.livemode(), data));
  }
}
