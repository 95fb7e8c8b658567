package dev.solid.mcp.tools;

import static dev.solid.mcp.tool.Specs.resource;
import static dev.solid.mcp.tool.Specs.tool;

import dev.solid.common.caller.Scopes;
import dev.solid.mcp.api.ApiCall;
import dev.solid.mcp.tool.Schemas;
import dev.solid.mcp.tool.ToolCall;
import dev.solid.mcp.tool.ToolCatalog;
import dev.solid.mcp.tool.ToolResults;
import dev.solid.mcp.tool.ToolSpec;
import dev.solid.mcp.tool.ToolSpec.Effect;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Deals and pipelines ({@code /api/v1/crm/deals}, {@code /api/v1/crm/pipelines}). */
@ApplicationScoped
public class DealTools implements ToolCatalog {
  static final String DEALS = "/api/v1/crm/deals";
  static final JsonObject DEAL =
      resource("A deal: title, amount (cents), currency, pipeline, stage, status, contact, ...");

  @Override
  public List<ToolSpec> tools() {
    return List.of(
        tool(
            "search_deals",
            "Search deals",
            Effect.READ,
            Scopes.READ_DEALS,
            "Finds deals by title text, status (open, won, lost), pipeline, stage name, contact,"
                + " sales rep or amount range (cents), newest first unless sorted. Pages of up to"
                + " 50: check has_more and pass next_cursor to read on.",
            Schemas.paged(
                    Schemas.object()
                        .optional("query", Schemas.string("Text the title contains", 200))
                        .optional(
                            "status",
                            Schemas.enumOf("Only deals in this state", "open", "won", "lost"))
                        .optional("pipeline_id", Schemas.id("Only deals of this pipeline"))
                        .optional(
                            "stage", Schemas.string("Only deals in a stage of this name", 100))
                        .optional("contact_id", Schemas.id("Only deals of this contact"))
                        .optional("sales_rep", Schemas.string("Only deals of this sales rep", 200))
                        .optional(
                            "min_amount",
                            Schemas.integer("Smallest amount, in cents", 0, 99_999_999_999L))
                        .optional(
                            "max_amount",
                            Schemas.integer("Largest amount, in cents", 0, 99_999_999_999L))
                        .optional(
                            "sort",
                            Schemas.enumOf(
                                "Order (default -created_at, newest first)",
                                "created_at",
                                "-created_at",
                                "amount",
                                "-amount",
                                "expected_close_date",
                                "-expected_close_date")))
                .build(),
            Schemas.page(DEAL),
            call ->
                call.list(
                    ApiCall.get(DEALS)
                        .param("search", call.string("query"))
                        .param("status", call.string("status"))
                        .param("pipeline_id", call.number("pipeline_id"))
                        .param("stage", call.string("stage"))
                        .param("contact_id", call.number("contact_id"))
                        .param("sales_rep", call.string("sales_rep"))
                        .param("min_amount", call.number("min_amount"))
                        .param("max_amount", call.number("max_amount"))
                        .param("sort", call.string("sort")),
                    "deals")),
        tool(
            "get_deal",
            "Get a deal",
            Effect.READ,
            Scopes.READ_DEALS,
            "Returns one deal by id: title, amount in cents, currency, pipeline and stage, status,"
                + " contact, expected close date, sales rep.",
            Schemas.object().required("deal_id", Schemas.id("The deal's id")).build(),
            DEAL,
            call ->
                call.call(
                    ApiCall.get(DEALS + "/" + ApiCall.segment(call.number("deal_id"))),
                    result -> ToolResults.ok(result.object(), describe(result.object())))),
        tool(
            "create_deal",
            "Create a deal",
            Effect.WRITE,
            Scopes.WRITE_DEALS,
            "Creates a deal in a pipeline (the default pipeline when pipeline_id is left out), in"
                + " its first stage unless a stage is named. Amount is an integer number of cents"
                + " (4900 = 49.00).",
            Schemas.object()
                .required("title", Schemas.string("What is being sold", 200))
                .optional("amount", Schemas.integer("Value in cents", 0, 99_999_999_999L))
                .optional("currency", Schemas.string("ISO-4217 code, e.g. usd (default usd)", 3))
                .optional("contact_id", Schemas.id("The contact the deal is with"))
                .optional("pipeline_id", Schemas.id("The pipeline; default: your default pipeline"))
                .optional("stage", Schemas.string("Stage name, e.g. Proposal", 100))
                .optional("expected_close_date", Schemas.date("YYYY-MM-DD"))
                .optional("sales_rep", Schemas.string("Who works the deal", 200))
                .build(),
            DEAL,
            call ->
                write(
                    call,
                    HttpMethod.POST,
                    DEALS,
                    body(
                        call,
                        "title",
                        "amount",
                        "currency",
                        "contact_id",
                        "pipeline_id",
                        "stage",
                        "expected_close_date",
                        "sales_rep"),
                    "Created ")),
        tool(
            "move_deal_stage",
            "Move a deal to another stage",
            Effect.IDEMPOTENT_WRITE,
            Scopes.WRITE_DEALS,
            "Moves a deal to a stage of its pipeline, by stage name or stage_id (see"
                + " list_pipelines). Moving to a won or lost stage closes the deal; a lost stage"
                + " takes a lost_reason.",
            Schemas.object()
                .required("deal_id", Schemas.id("The deal's id"))
                .optional("stage", Schemas.string("The stage's name, e.g. Negotiation", 100))
                .optional("stage_id", Schemas.id("The stage's id"))
                .optional("lost_reason", Schemas.string("Why it was lost (lost stages only)", 500))
                .build(),
            DEAL,
            call -> {
              if (call.string("stage") == null && call.number("stage_id") == null) {
                return Uni.createFrom()
                    .item(
                        ToolResults.invalid(
                            new io.vertx.core.json.JsonArray()
                                .add(
                                    new JsonObject()
                                        .put("field", "stage")
                                        .put("error", "stage_or_stage_id_required"))));
              }
              return write(
                  call,
                  HttpMethod.PATCH,
                  DEALS + "/" + ApiCall.segment(call.number("deal_id")),
                  body(call, "stage", "stage_id", "lost_reason"),
                  "Moved ");
            }),
        tool(
            "list_pipelines",
            "List pipelines",
            Effect.READ,
            Scopes.READ_DEALS,
            "Lists the company's sales pipelines with their stages in order (ids, names, kinds"
                + " open/won/lost): what create_deal and move_deal_stage take.",
            Schemas.paged(Schemas.object()).build(),
            Schemas.page(resource("A pipeline with its stages")),
            call -> call.list(ApiCall.get("/api/v1/crm/pipelines"), "pipelines")));
  }

  static JsonObject body(ToolCall call, String... fields) {
    JsonObject body = new JsonObject();
    for (String field : fields) {
      if (call.args().getValue(field) != null) {
        body.put(field, call.args().getValue(field));
      }
    }
    return body;
  }

  private static Uni<ToolResponse> write(
      ToolCall call, HttpMethod method, String path, JsonObject body, String verb) {
    return call.call(
        ApiCall.write(method, path, body, call.idempotencyKey(0)),
        result -> ToolResults.ok(result.object(), verb + describe(result.object())));
  }

  static String describe(JsonObject deal) {
    StringBuilder text = new StringBuilder("deal ").append(deal.getValue("id"));
    if (deal.getValue("title") != null) {
      text.append(" \"").append(deal.getValue("title")).append('"');
    }
    if (deal.getValue("amount") != null) {
      text.append(", ")
          .append(deal.getValue("amount"))
          .append(" cents ")
          .append(deal.getString("currency", ""));
    }
    if (deal.getValue("stage") != null) {
      text.append(", stage ").append(deal.getValue("stage"));
    }
    if (deal.getValue("status") != null) {
      text.append(", ").append(deal.getValue("status"));
    }
    return text.append('.').toString();
  }
}
