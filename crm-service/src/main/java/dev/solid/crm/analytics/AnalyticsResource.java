package dev.solid.crm.analytics;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.money.Money;
import dev.solid.crm.deal.DefaultPipeline;
import dev.solid.kit.http.Params;
import dev.solid.kit.http.ReportRange;
import dev.solid.kit.tenant.TenantSql;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The analytics of the data crm owns: the contact funnel, a pipeline's stages and win rate, and the
 * forecast (read:analytics). Each is a few indexed statements over one tenant.
 */
@Path("/api/v1/analytics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Analytics", description = "Reports over a date range, ready for a chart")
public class AnalyticsResource {
  private static final String DEFAULT_CURRENCY = "usd";

  private static final String PIPELINE_BY_ID =
      "SELECT id, name FROM crm.pipelines" + TenantSql.WHERE + " AND id = $3";
  private static final String DEFAULT_PIPELINE =
      "SELECT id, name FROM crm.pipelines" + TenantSql.WHERE + " AND is_default";

  private final Caller caller;
  private final Pool pool;
  private final FunnelAnalytics funnel;
  private final PipelineAnalytics pipeline;
  private final ForecastAnalytics forecast;
  private final DefaultPipeline defaultPipeline;

  public AnalyticsResource(
      Caller caller,
      Pool pool,
      FunnelAnalytics funnel,
      PipelineAnalytics pipeline,
      ForecastAnalytics forecast,
      DefaultPipeline defaultPipeline) {
    this.caller = caller;
    this.pool = pool;
    this.funnel = funnel;
    this.pipeline = pipeline;
    this.forecast = forecast;
    this.defaultPipeline = defaultPipeline;
  }

  @GET
  @Path("/funnel")
  @Operation(
      operationId = "getFunnelAnalytics",
      summary = "Contact funnel",
      description =
          "Of the contacts created from `from` to `to` (ISO dates, UTC, both included; default the"
              + " last 30 days): how many are warm or better, mql or better (by their lead score"
              + " band now), have a deal, and have a won deal, with each step's conversion from"
              + " the previous one. A contact that reached a later step counts in every earlier"
              + " one (a contact with a deal is counted warm and mql), so counts never grow down"
              + " the funnel. Needs read:analytics.")
  @APIResponse(
      responseCode = "200",
      description = "The funnel",
      content = @Content(schema = @Schema(implementation = FunnelReport.class)))
  public Uni<FunnelReport> funnel(
      @Parameter(description = "First day (ISO date)", schema = @Schema(type = SchemaType.STRING))
          @QueryParam("from")
          String from,
      @Parameter(description = "Last day (ISO date)", schema = @Schema(type = SchemaType.STRING))
          @QueryParam("to")
          String to) {
    Tenant tenant = caller.requireScope(Scopes.READ_ANALYTICS).tenant();
    ReportRange range = ReportRange.parse(from, to);
    return pool.withConnection(db -> funnel.report(db, tenant, range));
  }

  @GET
  @Path("/pipeline")
  @Operation(
      operationId = "getPipelineAnalytics",
      summary = "Pipeline stages, win rate and days to close",
      description =
          "Every stage of the pipeline (the default pipeline when `pipeline_id` is omitted) in"
              + " order with its deals now: count, amount and weighted amount (amount ×"
              + " probability). Of the deals closed from `from` to `to` (default the last 30"
              + " days): won and lost counts and amounts, win rate won / (won + lost) and the mean"
              + " days from creation to won. Only deals in `currency` (default usd) are counted."
              + " Needs read:analytics.")
  @APIResponse(
      responseCode = "200",
      description = "The report",
      content = @Content(schema = @Schema(implementation = PipelineReport.class)))
  @APIResponse(responseCode = "422", description = "Unknown pipeline, bad date or currency")
  public Uni<PipelineReport> pipeline(
      @Parameter(description = "The pipeline (default: the default pipeline)")
          @QueryParam("pipeline_id")
          String pipelineId,
      @Parameter(description = "First day (ISO date)", schema = @Schema(type = SchemaType.STRING))
          @QueryParam("from")
          String from,
      @Parameter(description = "Last day (ISO date)", schema = @Schema(type = SchemaType.STRING))
          @QueryParam("to")
          String to,
      @Parameter(description = "Lower-case ISO-4217 (default usd)") @QueryParam("currency")
          String currency) {
    Tenant tenant = caller.requireScope(Scopes.READ_ANALYTICS).tenant();
    Long id = Params.longValue("pipeline_id", pipelineId);
    ReportRange range = ReportRange.parse(from, to);
    String code = currency(currency);
    return pipelineOf(tenant, id)
        .chain(
            found ->
                pool.withConnection(
                    db ->
                        pipeline.report(
                            db,
                            tenant,
                            found.getLong("id"),
                            found.getString("name"),
                            code,
                            range)));
  }

  @GET
  @Path("/forecast")
  @Operation(
      operationId = "getForecastAnalytics",
      summary = "Forecast per period",
      description =
          "For `periods` periods (default 3, at most 36) of a day, ISO week or month (default"
              + " month) from the one holding `from` (default today, UTC): the amount won in each"
              + " (deals that entered a won stage in it), the open deals expected to close in it"
              + " and their amount weighted by stage probability; `forecast_amount` is won plus"
              + " weighted open. Open deals expected before the first period are `past_due`, those"
              + " without a date `without_close_date`. All pipelines unless `pipeline_id`; only"
              + " deals in `currency` (default usd). Needs read:analytics.")
  @APIResponse(
      responseCode = "200",
      description = "The forecast",
      content = @Content(schema = @Schema(implementation = ForecastReport.class)))
  @APIResponse(
      responseCode = "422",
      description = "Bad interval, periods, date, currency or pipeline")
  public Uni<ForecastReport> forecast(
      @Parameter(
              description = "day, week or month (default month)",
              schema = @Schema(type = SchemaType.STRING, defaultValue = "month"))
          @QueryParam("interval")
          String interval,
      @Parameter(description = "How many periods, 1 to 36 (default 3)") @QueryParam("periods")
          String periods,
      @Parameter(
              description = "A day of the first period (ISO date, default today)",
              schema = @Schema(type = SchemaType.STRING))
          @QueryParam("from")
          String from,
      @Parameter(description = "Only this pipeline (default all)") @QueryParam("pipeline_id")
          String pipelineId,
      @Parameter(description = "Lower-case ISO-4217 (default usd)") @QueryParam("currency")
          String currency) {
    Tenant tenant = caller.requireScope(Scopes.READ_ANALYTICS).tenant();
    String unit = ReportRange.interval(interval);
    Integer count = Params.integer("periods", periods);
    int n = count == null ? 3 : count;
    if (n < 1 || n > ForecastAnalytics.MAX_PERIODS) {
      throw ApiException.validation(
          new ProblemDetail("periods", "out_of_range", periods),
          "Query parameter 'periods' must be between 1 and " + ForecastAnalytics.MAX_PERIODS);
    }
    LocalDate first = ReportRange.date("from", from, LocalDate.now(ZoneOffset.UTC));
    Long id = Params.longValue("pipeline_id", pipelineId);
    String code = currency(currency);
    Uni<Long> checked =
        id == null
            ? Uni.createFrom().nullItem()
            : pipelineOf(tenant, id).map(found -> found.getLong("id"));
    return checked.chain(
        pipelineFilter ->
            pool.withConnection(
                db -> forecast.report(db, tenant, unit, first, n, code, pipelineFilter)));
  }

  /** The pipeline's id and name; the default one (created on first use) when id is null. */
  private Uni<Row> pipelineOf(Tenant tenant, Long id) {
    if (id != null) {
      return TenantSql.first(pool, tenant, row -> row, PIPELINE_BY_ID, id)
          .map(
              found -> {
                if (found == null) {
                  throw ApiException.validation(
                      new ProblemDetail("pipeline_id", "not_found", id),
                      "No pipeline " + id + " in this account");
                }
                return found;
              });
    }
    return TenantSql.first(pool, tenant, row -> row, DEFAULT_PIPELINE)
        .chain(
            found ->
                found != null
                    ? Uni.createFrom().item(found)
                    : defaultPipeline
                        .ensure(tenant)
                        .chain(() -> TenantSql.first(pool, tenant, row -> row, DEFAULT_PIPELINE)));
  }

  private static String currency(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_CURRENCY;
    }
    String code = value.strip();
    if (!code.matches("[A-Za-z]{3}") || !Money.isCurrency(code)) {
      throw ApiException.validation(
          new ProblemDetail("currency", "invalid_currency", value),
          "Query parameter 'currency' must be an ISO-4217 code such as usd");
    }
    return code.toLowerCase(Locale.ROOT);
  }
}
