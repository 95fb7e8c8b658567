package dev.solid.mcp.tool;

import dev.solid.mcp.api.PublicApi;
import dev.solid.mcp.hop.Hop;
import dev.solid.mcp.hop.HopReader;
import io.quarkiverse.mcp.server.MetaKey;
import io.quarkiverse.mcp.server.ToolManager;
import io.quarkiverse.mcp.server.ToolManager.ToolAnnotations;
import io.quarkiverse.mcp.server.ToolManager.ToolArguments;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Registers every {@link ToolCatalog}'s tools with the MCP server at start, and wraps each in the
 * steps every call takes, in this order: the hop (the gateway's credentials), the scope check
 * (refused with {@code forbidden} before any API call), the argument check, the Idempotency-Key of
 * a write, then the tool itself.
 *
 * <p>Programmatic registration rather than {@code @Tool} methods: the tools' schemas carry enums,
 * bounds and formats, their output schemas and {@code _meta} come from one table per domain, and
 * every tool shares the steps above.
 */
@ApplicationScoped
public class ToolRegistrar {
  static final MetaKey SCOPE = MetaKey.of("scope", "dev", "solid");
  static final MetaKey SCOPES = MetaKey.of("scopes", "dev", "solid");
  private static final Logger LOG = Logger.getLogger(ToolRegistrar.class);

  private final ToolManager manager;
  private final HopReader hops;
  private final PublicApi api;
  private final Instance<ToolCatalog> catalogs;

  public ToolRegistrar(
      ToolManager manager, HopReader hops, PublicApi api, Instance<ToolCatalog> catalogs) {
    this.manager = manager;
    this.hops = hops;
    this.api = api;
    this.catalogs = catalogs;
  }

  void register(@Observes StartupEvent start) {
    int count = 0;
    for (ToolCatalog catalog : catalogs) {
      for (ToolSpec spec : catalog.tools()) {
        register(spec);
        count++;
      }
    }
    LOG.infof("%d MCP tools registered", count);
  }

  private void register(ToolSpec spec) {
    JsonObject input = inputSchema(spec);
    Map<MetaKey, Object> meta = new LinkedHashMap<>();
    meta.put(SCOPE, String.join(" ", spec.scopes()));
    meta.put(SCOPES, spec.scopes());
    manager
        .newTool(spec.name())
        .setTitle(spec.title())
        .setDescription(description(spec))
        .setInputSchema(input)
        .setOutputSchema(outputSchema(spec))
        .setMetadata(meta)
        .setAnnotations(
            new ToolAnnotations(
                spec.title(),
                spec.effect().readOnly,
                false,
                spec.effect().idempotent,
                spec.effect().openWorld))
        .setAsyncHandler(arguments -> call(spec, input, arguments))
        .register();
  }

  private Uni<ToolResponse> call(ToolSpec spec, JsonObject input, ToolArguments arguments) {
    Optional<Hop> found = hops.current();
    if (found.isEmpty()) {
      return Uni.createFrom().item(ToolResults.unauthorized());
    }
    Hop hop = found.get();
    for (String scope : spec.scopes()) {
      if (!hop.scopes().contains(scope) && !(spec.ownerAllowed() && hop.owner())) {
        return Uni.createFrom().item(ToolResults.forbidden(spec.name(), scope));
      }
    }
    JsonObject args = new JsonObject(new HashMap<>(arguments.args()));
    JsonArray problems = ArgumentCheck.check(input, args);
    String cursor = args.getValue("cursor") instanceof String c ? c : null;
    if (cursor != null && Cursors.offset(cursor) < 0) {
      problems.add(ArgumentCheck.detail("cursor", "not_a_cursor_of_this_server", cursor));
    }
    if (!problems.isEmpty()) {
      return Uni.createFrom().item(ToolResults.invalid(problems));
    }
    String key = args.getString(IdempotencyKeys.ARGUMENT);
    if (key == null && spec.effect().writes()) {
      String session = hop.session().isEmpty() ? arguments.connection().id() : hop.session();
      key =
          IdempotencyKeys.derive(
              session, String.valueOf(arguments.requestId().value()), spec.name(), args);
    }
    ToolCall call = new ToolCall(spec, args, hop, api, key);
    return Uni.createFrom()
        .deferred(() -> spec.handler().handle(call))
        .onFailure()
        .recoverWithItem(
            failure -> {
              LOG.warnf("Tool %s: the API call failed: %s", spec.name(), failure.toString());
              return ToolResults.unavailable(spec.effect().writes());
            });
  }

  /**
   * The tool's result, or the error of an {@code isError} result: clients check the structured
   * content of both against the output schema (the TypeScript SDK does).
   */
  private static JsonObject outputSchema(ToolSpec spec) {
    return new JsonObject()
        .put("type", "object")
        .put(
            "description",
            "The result; when isError is true, the error: code, message, details (and"
                + " missing_scope or retry_after_seconds when they apply)")
        .put("anyOf", new JsonArray().add(spec.outputSchema()).add(ERROR));
  }

  static final JsonObject ERROR =
      Schemas.object()
          .required("code", Schemas.string("The API's error code, e.g. forbidden, not_found"))
          .required("message", Schemas.string("What went wrong, for a person"))
          .optional("status", Schemas.integer("The HTTP status it stands for", 100, 599))
          .optional(
              "details",
              new JsonObject()
                  .put("type", "array")
                  .put("description", "Each wrong field: field, error, received"))
          .optional("missing_scope", Schemas.string("The scope these credentials lack"))
          .optional(
              "retry_after_seconds",
              new JsonObject()
                  .put("type", new JsonArray().add("integer").add("null"))
                  .put("description", "When to retry a rate-limited call"))
          .optional("request_id", Schemas.string("The API request's id, for support"))
          .open()
          .build();

  /** The declared schema, plus the optional idempotency_key of every write tool. */
  private static JsonObject inputSchema(ToolSpec spec) {
    JsonObject schema = spec.inputSchema().copy();
    if (spec.effect().writes()) {
      schema
          .getJsonObject("properties")
          .put(
              IdempotencyKeys.ARGUMENT,
              Schemas.string(
                  "Optional. Your own idempotency key for this change (1 to 255 characters):"
                      + " the same key with the same arguments never applies the change twice."
                      + " Without it the key is derived from this MCP request, so a retried"
                      + " request is safe too",
                  255));
    }
    return schema;
  }

  private static String description(ToolSpec spec) {
    List<String> scopes = spec.scopes();
    if (scopes.isEmpty()) {
      return spec.description() + " Needs no scope.";
    }
    String needs =
        scopes.size() == 1
            ? "Requires the scope " + scopes.get(0)
            : "Requires the scopes " + String.join(" and ", scopes);
    if (spec.ownerAllowed()) {
      needs += " (or the company owner's session)";
    }
    return spec.description() + " " + needs + ".";
  }
}
