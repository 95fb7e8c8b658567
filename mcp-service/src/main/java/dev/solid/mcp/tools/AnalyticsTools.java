package dev.solid.mcp.tools;

import static dev.solid.mcp.tool.Specs.tool;

import dev.solid.common.caller.Scopes;
import dev.solid.mcp.api.ApiCall;
import dev.solid.mcp.api.ApiResult;
import dev.solid.mcp.tool.Schemas;
import dev.solid.mcp.tool.ToolCall;
import dev.solid.mcp.tool.ToolCatalog;
import dev.solid.mcp.tool.ToolResults;
import dev.solid.mcp.tool.ToolSpec;
import dev.solid.mcp.tool.ToolSpec.Effect;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The analytics reports ({@code /api/v1/analytics/…}), each answered by the service owning it. */
@ApplicationScoped
public class AnalyticsTools implements ToolCatalog {
  private static final JsonObject REPORT =
      Schemas.object().open().build().put("description", "The report as the API answers it");

  @Override
  public List<ToolSpec> tools() {
    return List.of(
        report(
            "get_funnel",
            "Get the contact funnel",
            "Of the contacts created in a period (default the last 30 days): how many are warm or"
                + " better, marketing-qualified or better (by lead score band), have a deal, and"
                + " have a won deal, with each step's conversion rate from the previous one.",
            "/api/v1/analytics/funnel",
            range()),
        report(
            "get_pipeline_stats",
            "Get pipeline statistics",
            "Every stage of a pipeline (default: the default pipeline) with its deals now: count,"
                + " amount and weighted amount (amount x probability); and of the deals closed in"
                + " a period (default the last 30 days): won and lost, win rate and average days"
                + " to close. Amounts are integer minor units (cents) of one currency.",
            "/api/v1/analytics/pipeline",
            range()
                .optional("pipeline_id", Schemas.id("The pipeline (default: the default pipeline)"))
                .optional("currency", currency())),
        report(
            "get_forecast",
            "Get the revenue forecast",
            "Per period (default 3 months from the current one): the amount won in it plus the"
                + " open deals expected to close in it, weighted by stage probability; past-due"
                + " and undated open deals beside. Amounts are integer minor units (cents).",
            "/api/v1/analytics/forecast",
            Schemas.object()
                .optional("interval", Schemas.enumOf("Period length (default month)", INTERVALS))
                .optional(
                    "periods", Schemas.integer("How many periods, 1 to 36 (default 3)", 1, 36))
                .optional(
                    "from", Schemas.date("A day of the first period, YYYY-MM-DD (default today)"))
                .optional("pipeline_id", Schemas.id("Only this pipeline (default: all)"))
                .optional("currency", currency())),
        report(
            "get_sequence_stats",
            "Get sequence statistics",
            "Per drip sequence over a period: enrollments, messages sent, replies, completions"
                + " and rates.",
            "/api/v1/analytics/sequences",
            range()),
        report(
            "get_revenue",
            "Get revenue",
            "Revenue collected over a period, per day, week or month, in one currency: gross,"
                + " refunds, net, MRR, active and churned subscriptions. Amounts are integer minor"
                + " units (cents).",
            "/api/v1/analytics/revenue",
            range()
                .optional("interval", Schemas.enumOf("Period length (default month)", INTERVALS))
                .optional("currency", currency())));
  }

  private static final String[] INTERVALS = {"day", "week", "month"};

  private static JsonObject currency() {
    return Schemas.string("ISO-4217 code, e.g. usd (default usd)", 3);
  }

  /** The query parameters any report may take; each tool's schema admits only its own. */
  private static final List<String> PARAMS =
      List.of("from", "to", "pipeline_id", "interval", "periods", "currency");

  private static Schemas.Obj range() {
    return Schemas.object()
        .optional("from", Schemas.date("First day, YYYY-MM-DD (default: 30 days ago)"))
        .optional("to", Schemas.date("Last day, YYYY-MM-DD (default: today)"));
  }

  private static ToolSpec report(
      String name, String title, String description, String path, Schemas.Obj input) {
    return tool(
        name,
        title,
        Effect.READ,
        Scopes.READ_ANALYTICS,
        description,
        input.build(),
        REPORT,
        call -> fetch(call, path, title));
  }

  private static Uni<ToolResponse> fetch(ToolCall call, String path, String title) {
    ApiCall get = ApiCall.get(path);
    for (String param : PARAMS) {
      get = get.param(param, call.args().getValue(param));
    }
    return call.call(get, result -> ToolResults.ok(report(result), title + ":\n" + result.body()));
  }

  private static JsonObject report(ApiResult result) {
    return result.body() instanceof JsonObject o
        ? o
        : new JsonObject().put("items", result.array());
  }
}
