package dev.solid.messaging.analytics;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.caller.Tenant;
import dev.solid.kit.http.ReportRange;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Messaging analytics, answered by messaging-service, which owns the messages, accounts and
 * sequences (read:analytics). Every report is scoped to the caller's company and mode.
 */
@Path("/api/v1/analytics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Analytics", description = "Reports over a date range, ready for a chart")
public class AnalyticsResource {
  private static final String RANGE =
      " `from`/`to` are ISO dates, both included, UTC (default: the last 30 days); at most 366"
          + " days. Needs read:analytics.";

  private final Caller caller;
  private final Pool pool;
  private final SequenceAnalytics sequences;
  private final AccountAnalytics accounts;
  private final MessageAnalytics messages;

  public AnalyticsResource(
      Caller caller,
      Pool pool,
      SequenceAnalytics sequences,
      AccountAnalytics accounts,
      MessageAnalytics messages) {
    this.caller = caller;
    this.pool = pool;
    this.sequences = sequences;
    this.accounts = accounts;
    this.messages = messages;
  }

  @GET
  @Path("sequences")
  @Operation(
      operationId = "getSequenceAnalytics",
      summary = "Sequence performance",
      description =
          "One row per sequence, every sequence in id order (at most 1000; `truncated` says"
              + " when there are more), not paginated. `enrolled`: enrollments created in the"
              + " range; `active`, `paused`, `completed`, `stopped`: where those enrollments stand"
              + " now (they add up to `enrolled`); `stopped_by_reply`: those stopped because the"
              + " contact replied (sequences with stop_on_reply); `reply_rate`:"
              + " stopped_by_reply / enrolled as a decimal fraction rounded to 4 places (0 when"
              + " none enrolled); `messages_sent`, `messages_failed`: messages the sequence's"
              + " steps queued in the range that are now sent or failed."
              + RANGE)
  @APIResponse(
      responseCode = "200",
      description = "The report",
      content = @Content(schema = @Schema(implementation = SequenceReport.class)))
  public Uni<SequenceReport> sequences(
      @Parameter(description = "First day (ISO date)", schema = @Schema(type = SchemaType.STRING))
          @QueryParam("from")
          String from,
      @Parameter(description = "Last day (ISO date)", schema = @Schema(type = SchemaType.STRING))
          @QueryParam("to")
          String to) {
    Tenant tenant = tenant();
    ReportRange range = dayRange(from, to);
    return pool.withConnection(db -> sequences.report(db, tenant, range))
        .map(
            rows ->
                new SequenceReport(
                    range.from(),
                    range.to(),
                    first(rows, SequenceAnalytics.MAX_SEQUENCES),
                    rows.size() > SequenceAnalytics.MAX_SEQUENCES));
  }

  @GET
  @Path("accounts")
  @Operation(
      operationId = "getAccountAnalytics",
      summary = "Sender account activity",
      description =
          "One row per sender account, every account in id order (at most 1000; `truncated`"
              + " says when there are more), not paginated. `sent`, `failed`: outbound messages"
              + " created in the range that are now sent or failed; `received`: inbound messages"
              + " received in the range; `used_today` of `daily_cap`: sends counted against"
              + " today's cap (UTC day, whatever the range); `failure_reasons`: the 5 most"
              + " frequent reasons of the failed ones, by code (the reason up to its first colon,"
              + " e.g. `twilio 21211`, `provider_outcome_unknown`), most frequent first."
              + RANGE)
  @APIResponse(
      responseCode = "200",
      description = "The report",
      content = @Content(schema = @Schema(implementation = AccountReport.class)))
  public Uni<AccountReport> accounts(
      @Parameter(description = "First day (ISO date)", schema = @Schema(type = SchemaType.STRING))
          @QueryParam("from")
          String from,
      @Parameter(description = "Last day (ISO date)", schema = @Schema(type = SchemaType.STRING))
          @QueryParam("to")
          String to) {
    Tenant tenant = tenant();
    ReportRange range = dayRange(from, to);
    return pool.withConnection(db -> accounts.report(db, tenant, range))
        .map(
            rows ->
                new AccountReport(
                    range.from(),
                    range.to(),
                    first(rows, AccountAnalytics.MAX_ACCOUNTS),
                    rows.size() > AccountAnalytics.MAX_ACCOUNTS));
  }

  @GET
  @Path("messages")
  @Operation(
      operationId = "getMessageAnalytics",
      summary = "Messages per period",
      description =
          "Sent and failed outbound, and received inbound, messages per day, week (from Monday)"
              + " or month, UTC: each period has the counts over all channels and per channel in"
              + " `channels` (`sms`, `telegram`, always both); `totals` sums the range. Every"
              + " period present, zeros included, in order; a week or month is counted whole even"
              + " where it reaches past `from` or `to`. A message counts in the period it was"
              + " created (queued or received) in, by its status now. `from`/`to` are ISO dates"
              + " (default: the last 30 days); at most 366 periods. Needs read:analytics.")
  @APIResponse(
      responseCode = "200",
      description = "The report",
      content = @Content(schema = @Schema(implementation = MessageReport.class)))
  public Uni<MessageReport> messages(
      @Parameter(
              description = "day, week or month (default month)",
              schema = @Schema(type = SchemaType.STRING, defaultValue = "month"))
          @QueryParam("interval")
          String interval,
      @Parameter(description = "First day (ISO date)", schema = @Schema(type = SchemaType.STRING))
          @QueryParam("from")
          String from,
      @Parameter(description = "Last day (ISO date)", schema = @Schema(type = SchemaType.STRING))
          @QueryParam("to")
          String to) {
    Tenant tenant = tenant();
    String unit = ReportRange.interval(interval);
    ReportRange range = ReportRange.parse(from, to);
    range.requireAtMostMaxPeriods(unit);
    return pool.withConnection(db -> messages.report(db, tenant, unit, range))
        .map(periods -> new MessageReport(unit, range.from(), range.to(), periods));
  }

  private Tenant tenant() {
    return caller.requireScope(Scopes.READ_ANALYTICS).tenant();
  }

  /** A range of at most 366 days, so that no report reads more than a year of a tenant. */
  private static ReportRange dayRange(String from, String to) {
    ReportRange range = ReportRange.parse(from, to);
    range.requireAtMostMaxPeriods("day");
    return range;
  }

  private static <T> List<T> first(List<T> rows, int max) {
    return rows.size() > max ? rows.subList(0, max) : rows;
  }
}
