package dev.solid.payments.link;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventTypes;
import dev.solid.payments.config.PaymentsConfig;
import dev.solid.payments.event.PaymentEvents;
import dev.solid.payments.order.Order;
import dev.solid.payments.order.OrderPaidListener;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code payment_link.completed} when a link's order is paid, in the transaction that marks it
 * paid: {@code data} is the link as the API answers it, plus the paid {@code order_id}.
 */
@ApplicationScoped
public class PaymentLinkCompletions implements OrderPaidListener {
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};

  private final PaymentLinkRepository links;
  private final PaymentEvents events;
  private final ObjectMapper json;
  private final PaymentsConfig config;

  public PaymentLinkCompletions(
      PaymentLinkRepository links, PaymentEvents events, ObjectMapper json, PaymentsConfig config) {
    this.links = links;
    this.events = events;
    this.json = json;
    this.config = config;
  }

  @Override
  public Uni<Void> paid(SqlClient tx, Tenant tenant, Order order) {
    if (order.paymentLinkId() == null) {
      return Uni.createFrom().voidItem();
    }
    return links
        .find(tx, tenant, order.paymentLinkId())
        .chain(
            link -> {
              Map<String, Object> data =
                  json.convertValue(PaymentLinkResponse.of(link, config.publicBaseUrl()), OBJECT);
              data.put("order_id", order.id());
              return events.emit(tx, tenant, EventTypes.PAYMENT_LINK_COMPLETED, data);
            });
  }
}
