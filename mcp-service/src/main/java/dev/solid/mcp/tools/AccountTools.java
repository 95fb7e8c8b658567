package dev.solid.mcp.tools;

import static dev.solid.mcp.tool.Specs.tool;

import dev.solid.mcp.hop.Hop;
import dev.solid.mcp.tool.Schemas;
import dev.solid.mcp.tool.ToolCatalog;
import dev.solid.mcp.tool.ToolResults;
import dev.solid.mcp.tool.ToolSpec;
import dev.solid.mcp.tool.ToolSpec.Effect;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.TreeSet;

/**
 * Who the assistant acts as. Answered from what the gateway vouched for on this request (the
 * internal JWT and the rate limit headers of the hop), so it costs no API call.
 */
@ApplicationScoped
public class AccountTools implements ToolCatalog {

  @Override
  public List<ToolSpec> tools() {
    return List.of(
        tool(
            "whoami",
            "Who am I",
            Effect.READ,
            null,
            "Says which company and mode (live or test) these credentials act in, their scopes"
                + " (what the other tools need), and how many requests are left in this minute's"
                + " rate limit. Call it first to know what you may do.",
            Schemas.object().build(),
            Schemas.object()
                .required("company_id", Schemas.integer("The company", 1, Long.MAX_VALUE))
                .required(
                    "mode",
                    Schemas.enumOf("live moves money and sends; test never", "live", "test"))
                .required("scopes", new JsonObject().put("type", "array"))
                .required(
                    "actor",
                    Schemas.enumOf(
                        "Who acts: an API key, an OAuth-authorized MCP client, or the owner",
                        "api_key",
                        "oauth_client",
                        "owner"))
                .required(
                    "rate_limit",
                    Schemas.anyObject("limit, remaining, reset_seconds (null when unknown)"))
                .open()
                .build(),
            call -> {
              Hop hop = call.hop();
              JsonObject me =
                  new JsonObject()
                      .put("company_id", hop.companyId())
                      .put("mode", hop.mode())
                      .put(
                          "actor",
                          hop.owner()
                              ? "owner"
                              : hop.grantId() != null ? "oauth_client" : "api_key")
                      .put("key_id", hop.keyId())
                      .put("grant_id", hop.grantId())
                      .put("scopes", new JsonArray(List.copyOf(new TreeSet<>(hop.scopes()))))
                      .put(
                          "rate_limit",
                          new JsonObject()
                              .put("limit", hop.rateLimit().limit())
                              .put("remaining", hop.rateLimit().remaining())
                              .put("reset_seconds", hop.rateLimit().resetSeconds()));
              String text =
                  "Company "
                      + hop.companyId()
                      + ", "
                      + hop.mode()
                      + " mode"
                      + (hop.livemode() ? "" : " (nothing is dispatched and no money moves)")
                      + ", scopes: "
                      + String.join(" ", new TreeSet<>(hop.scopes()))
                      + (hop.rateLimit().remaining() == null
                          ? "."
                          : ", " + hop.rateLimit().remaining() + " requests left this minute.");
              return Uni.createFrom().item(ToolResults.ok(me, text));
            }));
  }
}
