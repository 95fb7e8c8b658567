package dev.solid.payments.analytics;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.caller.Tenant;
import dev.solid.kit.http.ReportRange;
import dev.solid.payments.config.PaymentsConfig;
import dev.solid.payments.money.Currencies;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Revenue analytics, answered by payments-service, which owns the money (read:analytics). */
@Path("/api/v1/analytics/revenue")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Analytics", description = "Reports over a date range, ready for a chart")
public class RevenueResource {
  private final Caller caller;
  private final Pool pool;
  private final RevenueAnalytics analytics;
  private final PaymentsConfig config;

  public RevenueResource(
      Caller caller, Pool pool, RevenueAnalytics analytics, PaymentsConfig config) {
    this.caller = caller;
    this.pool = pool;
    this.analytics = analytics;
    this.config = config;
  }

  @GET
  @Operation(
      operationId = "getRevenueAnalytics",
      summary = "Revenue per period",
      description =
          "Gross (succeeded payments), refunds and net per day, week (from Monday) or month, and at"
              + " each period's end MRR (a yearly plan counts a twelfth), running and ended"
              + " subscriptions. UTC; every period present, zeros included. `from`/`to` are ISO"
              + " dates (default: the last 30 days); at most 366 periods. Needs read:analytics.")
  @APIResponse(
      responseCode = "200",
      description = "The report",
      content = @Content(schema = @Schema(implementation = RevenueReport.class)))
  public Uni<RevenueReport> revenue(
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
          String to,
      @Parameter(description = "Lower-case ISO-4217 (default the platform's)")
          @QueryParam("currency")
          String currency) {
    Tenant tenant = caller.requireScope(Scopes.READ_ANALYTICS).tenant();
    String unit = ReportRange.interval(interval);
    ReportRange range = ReportRange.parse(from, to);
    range.requireAtMostMaxPeriods(unit);
    String code = Currencies.resolve("currency", currency, config.defaultCurrency());
    return pool.withConnection(
            db -> analytics.report(db, tenant, unit, range.from(), range.to(), code))
        .map(list -> new RevenueReport(unit, range.from(), range.to(), code, list));
  }
}
