package dev.solid.crm.timeline;

import java.time.Instant;
import java.util.Comparator;

/**
 * An item with the key that orders a contact's timeline across sources: newest {@code occurredAt}
 * first, then the source's name, then the newest row id. The key is unique (a source's ids are), so
 * every page of the merged stream is well defined and pages never overlap or skip.
 *
 * @param source the {@link TimelineSource#name()} the row comes from
 * @param id the row's id within its source
 */
public record TimelineRow(Instant occurredAt, String source, long id, TimelineItem item) {
  public static final Comparator<TimelineRow> NEWEST_FIRST =
      Comparator.comparing(TimelineRow::occurredAt, Comparator.reverseOrder())
          .thenComparing(TimelineRow::source)
          .thenComparing(TimelineRow::id, Comparator.reverseOrder());
}
