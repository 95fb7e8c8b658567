package dev.solid.crm.timeline;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.crm.contact.ContactRepository;
import io.quarkus.arc.All;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A contact's timeline: every {@link TimelineSource} merged into one stream ordered by {@link
 * TimelineRow#NEWEST_FIRST}, paged by limit and offset like every list.
 *
 * <p>The page is what {@code SELECT … UNION ALL … ORDER BY occurred_at DESC, source, id DESC LIMIT
 * l OFFSET o} would return, computed without a hand-written union (crm queries only through the
 * kit's tenant repositories): the first {@code o + l} rows of the merge are among the first {@code
 * o + l} rows of each source, so each source reads that many from its index and the merge keeps the
 * slice. A deep page costs what SQL's OFFSET would; the order key is unique, so pages are stable.
 */
@ApplicationScoped
public class TimelineService {
  private final ContactRepository contacts;
  private final List<TimelineSource> sources;

  public TimelineService(ContactRepository contacts, @All List<TimelineSource> sources) {
    this.contacts = contacts;
    this.sources = sources.stream().sorted(Comparator.comparing(TimelineSource::name)).toList();
  }

  @WithSession
  public Uni<Page<TimelineItem>> page(Tenant tenant, long contactId, PageRequest page) {
    int wanted = page.offset() + page.limit();
    return contacts
        .findById(tenant, contactId)
        .chain(
            contact -> {
              if (contact == null) {
                throw ApiException.notFound("Contact");
              }
              // One session runs one statement at a time: the sources are read one after another.
              Uni<Merged> merged = Uni.createFrom().item(new Merged(new ArrayList<>(), 0));
              for (TimelineSource source : sources) {
                merged = merged.chain(so -> read(source, tenant, contactId, wanted, so));
              }
              return merged;
            })
        .map(
            merged -> {
              List<TimelineRow> rows = merged.rows();
              rows.sort(TimelineRow.NEWEST_FIRST);
              List<TimelineItem> items =
                  rows
                      .subList(Math.min(page.offset(), rows.size()), Math.min(wanted, rows.size()))
                      .stream()
                      .map(TimelineRow::item)
                      .toList();
              return Page.of(items, merged.total(), page);
            });
  }

  private static Uni<Merged> read(
      TimelineSource source, Tenant tenant, long contactId, int wanted, Merged so) {
    return source
        .count(tenant, contactId)
        .chain(
            total ->
                total == 0
                    ? Uni.createFrom().item(so)
                    : source
                        .newest(tenant, contactId, (int) Math.min(wanted, total))
                        .map(rows -> so.plus(rows, total)));
  }

  /** The rows read so far and the total of the sources read. */
  private record Merged(List<TimelineRow> rows, long total) {
    Merged plus(List<TimelineRow> more, long count) {
      rows.addAll(more);
      return new Merged(rows, total + count);
    }
  }
}
