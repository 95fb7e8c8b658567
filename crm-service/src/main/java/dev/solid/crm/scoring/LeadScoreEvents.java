package dev.solid.crm.scoring;

import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventEnvelope;
import dev.solid.common.event.EventTopics;
import dev.solid.common.event.EventTypes;
import dev.solid.kit.outbox.OutboxWriter;
import dev.solid.kit.outbox.SessionOutbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code lead.scored}, appended to the crm outbox in the transaction that stored the score. */
@ApplicationScoped
public class LeadScoreEvents {
  private final OutboxWriter outbox;

  public LeadScoreEvents(OutboxWriter outbox) {
    this.outbox = outbox;
  }

  public Uni<Void> scored(Tenant tenant, LeadScore.Announcement change) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("contact_id", change.contactId());
    data.put("score", change.score());
    data.put("previous_score", change.previousScore());
    data.put("band", change.band());
    data.put("previous_band", change.previousBand());
    data.put("reasons", change.reasons());
    EventEnvelope event =
        EventEnvelope.of(EventTypes.LEAD_SCORED, tenant.companyId(), tenant.livemode(), data);
    return Panache.getSession()
        .chain(session -> SessionOutbox.append(session, outbox, EventTopics.CRM, event));
  }
}
