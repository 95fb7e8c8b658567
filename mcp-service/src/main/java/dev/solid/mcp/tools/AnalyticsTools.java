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
            "Get the sales funnel",
            "How many deals reached each stage of a pipeline and the conversion between stages,"
                + " over a period.",
            "/api/v1/analytics/funnel",
            true,
            false),
        report(
            "get_pipeline_stats",
            "Get pipeline statistics",
            "Open deals per stage of a pipeline: count, total and weighted amount, average age.",
            "/api/v1/analytics/pipeline",
            true,
            false),
        report(
            "get_forecast",
            "Get the revenue forecast",
            "Expected revenue from open deals by expected close month, weighted by stage"
                + " probability, beside what was won.",
            "/api/v1/analytics/forecast",
            true,
            true),
        report(
            "get_sequence_stats",
            "Get sequence statistics",
            "Per drip sequence over a period: enrollments, messages sent, replies, completions"
                + " and rates.",
            "/api/v1/analytics/sequences",
            false,
            false),
        report(
            "get_revenue",
            "Get revenue",
            "Revenue collected over a period, per day, week or month, in one currency: gross,"
                + " refunds, net, order count.",
            "/api/v1/analytics/revenue",
            false,
            true));
  }

  private static ToolSpec report(
      String name,
      String title,
      String description,
      String path,
      boolean byPipeline,
      boolean byInterval) {
    var input =
        Schemas.object()
            .optional("from", Schemas.date("First day, YYYY-MM-DD (default: 30 days ago)"))
            .optional("to", Schemas.date("Last day, YYYY-MM-DD (default: today)"));
    if (byPipeline) {
      input.optional("pipeline_id", Schemas.id("The pipeline (default: your default pipeline)"));
    }
    if (byInterval) {
      input.optional("interval", Schemas.enumOf("Bucket size", "day", "week", "month"));
    }
    if ("get_revenue".equals(name)) {
      input.optional("currency", Schemas.string("ISO-4217 code, e.g. usd", 3));
    }
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
    for (String param : List.of("from", "to", "pipeline_id", "interval", "currency")) {
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
