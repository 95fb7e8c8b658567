package dev.solid.crm.timeline;

import dev.solid.common.caller.Tenant;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * One kind of thing that shows on a contact's timeline. Every CDI bean implementing this is merged
 * into the timeline by {@link TimelineService}; a new source (the deals branch adds the contact's
 * deals' stage changes from its stage history) is one more bean and nothing else.
 *
 * <p>Runs on the session of the caller's {@code @WithSession}, through a {@code TenantRepository}.
 * Its query must read newest first by {@code (occurred_at, id)} on an index that leads with {@code
 * (company_id, livemode, contact_id …)}.
 */
public interface TimelineSource {

  /** A short stable name, unique among sources: the tie-break between equal times. */
  String name();

  /** The contact's {@code count} newest rows, ordered by {@link TimelineRow#NEWEST_FIRST}. */
  Uni<List<TimelineRow>> newest(Tenant tenant, long contactId, int count);

  /** How many rows the contact has in this source. */
  Uni<Long> count(Tenant tenant, long contactId);
}
