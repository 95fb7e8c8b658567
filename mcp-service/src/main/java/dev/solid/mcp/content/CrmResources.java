package dev.solid.mcp.content;

import dev.solid.common.caller.Scopes;
import dev.solid.mcp.api.ApiCall;
import dev.solid.mcp.api.ApiResult;
import dev.solid.mcp.api.PublicApi;
import dev.solid.mcp.hop.Hop;
import dev.solid.mcp.hop.HopReader;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.RequestUri;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.TextResourceContents;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * Contacts and deals as MCP resources ({@code solid://contacts/{id}}, {@code solid://deals/{id}}),
 * read through the public API with the caller's credentials like the tools.
 */
@Singleton
public class CrmResources {
  private final HopReader hops;
  private final PublicApi api;

  public CrmResources(HopReader hops, PublicApi api) {
    this.hops = hops;
    this.api = api;
  }

  @ResourceTemplate(
      name = "contact",
      title = "Contact",
      uriTemplate = "solid://contacts/{id}",
      mimeType = "application/json",
      description = "A contact as JSON (GET /api/v1/crm/contacts/{id}). Requires read:contacts.")
  Uni<TextResourceContents> contact(String id, RequestUri uri) {
    return read(uri, Scopes.READ_CONTACTS, "/api/v1/crm/contacts/", id);
  }

  @ResourceTemplate(
      name = "deal",
      title = "Deal",
      uriTemplate = "solid://deals/{id}",
      mimeType = "application/json",
      description = "A deal as JSON (GET /api/v1/crm/deals/{id}). Requires read:deals.")
  Uni<TextResourceContents> deal(String id, RequestUri uri) {
    return read(uri, Scopes.READ_DEALS, "/api/v1/crm/deals/", id);
  }

  private Uni<TextResourceContents> read(RequestUri uri, String scope, String path, String id) {
    Hop hop =
        hops.current()
            .orElseThrow(
                () -> new McpException("No caller credentials", JsonRpcErrorCodes.SECURITY_ERROR));
    if (!hop.scopes().contains(scope)) {
      throw new McpException(
          "forbidden: reading " + uri.value() + " needs the scope " + scope,
          JsonRpcErrorCodes.SECURITY_ERROR);
    }
    if (!id.matches("[1-9][0-9]{0,18}")) {
      throw new McpException(
          "Resource not found: " + uri.value(), JsonRpcErrorCodes.RESOURCE_NOT_FOUND);
    }
    return api.send(hop, ApiCall.get(path + id)).map(result -> contents(uri, result));
  }

  private static TextResourceContents contents(RequestUri uri, ApiResult result) {
    if (result.status() == 404) {
      throw new McpException(
          "Resource not found: " + uri.value(), JsonRpcErrorCodes.RESOURCE_NOT_FOUND);
    }
    if (!result.ok()) {
      throw new McpException(
          result.object().getString("code", "error") + ": " + result.object().getString("message"),
          JsonRpcErrorCodes.INTERNAL_ERROR);
    }
    return new TextResourceContents(uri.value(), result.object().encode(), "application/json");
  }
}
