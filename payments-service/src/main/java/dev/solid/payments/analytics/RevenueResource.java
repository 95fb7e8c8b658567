package dev.solid.payments.analytics;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Set;
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
  private static final Set<String> INTERVALS = Set.of("day", "week", "month");

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
    String unit = interval == null || interval.isBlank() ? "month" : interval.strip();
    if (!INTERVALS.contains(unit)) {
      throw ApiException.validation(
          new ProblemDetail("interval", "invalid_value", interval),
          "Query parameter 'interval' must be day, week or month");
    }
    LocalDate last = date("to", to, LocalDate.now(ZoneOffset.UTC));
    LocalDate first = date("from", from, last.minusDays(29));
    if (first.isAfter(last)) {
      throw ApiException.validation(
          new ProblemDetail("from", "after_to", from),
          "Query parameter 'from' must not be after 'to'");
    }
    long periods = periods(unit, first, last);
    if (periods > RevenueAnalytics.MAX_PERIODS) {
      throw ApiException.validation(
          new ProblemDetail("from", "too_many_periods", periods),
          "The range has "
              + periods
              + " periods of a "
              + unit
              + "; at most "
              + RevenueAnalytics.MAX_PERIODS
              + ": choose a longer interval or a shorter range");
    }
    String code = Currencies.resolve("currency", currency, config.defaultCurrency());
    return pool.withConnection(db -> analytics.report(db, tenant, unit, first, last, code))
        .map(list -> new RevenueReport(unit, first, last, code, list));
  }

  static long periods(String unit, LocalDate first, LocalDate last) {
    return switch (unit) {
      case "day" -> ChronoUnit.DAYS.between(first, last) + 1;
      case "week" ->
          ChronoUnit.WEEKS.between(
                  first.minusDays(first.getDayOfWeek().getValue() - 1L),
                  last.minusDays(last.getDayOfWeek().getValue() - 1L))
              + 1;
      default -> ChronoUnit.MONTHS.between(first.withDayOfMonth(1), last.withDayOfMonth(1)) + 1;
    };
  }

  private static LocalDate date(String name, String value, LocalDate fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      LocalDate date = LocalDate.parse(value.strip());
      if (date.getYear() < 2000 || date.getYear() > 2999) {
        throw new DateTimeParseException("out of range", value, 0);
      }
      return date;
    } catch (DateTimeParseException e) {
      throw ApiException.validation(
          new ProblemDetail(name, "invalid_date", value),
          "Query parameter '" + name + "' must be an ISO date such as 2026-12-01");
    }
  }
}
