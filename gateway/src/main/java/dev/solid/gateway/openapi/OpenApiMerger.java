package dev.solid.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.gateway.config.GatewayConfig;
import dev.solid.gateway.http.Exchange;
import dev.solid.gateway.proxy.RouteTable;
import dev.solid.gateway.proxy.Upstreams;
import io.quarkus.smallrye.openapi.runtime.OpenApiConstants;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.mutiny.Uni;
import io.smallrye.openapi.runtime.io.Format;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Serves {@code /openapi.json}: the gateway's own document (auth and keys) merged with the document
 * of every service, fetched when asked so it always matches what runs. A document that cannot be
 * fetched (the gateway's own included) is left out and named in {@code x-solid-missing-services};
 * the others are merged all the same. Two services defining a schema of the same name with
 * different content keep both: the later one is renamed {@code <Service><Name>} (its references
 * with it) and the rename is logged. The alias paths ({@code /v1/contacts}, …) are listed too,
 * marked with {@code x-solid-alias-of}. {@link PublicContract} then adds what every operation
 * shares: security, error responses, headers, the idempotency parameter.
 */
@ApplicationScoped
public class OpenApiMerger {
  private static final Logger LOG = Logger.getLogger(OpenApiMerger.class);
  private static final String DOC_PATH = "/q/openapi?format=json";
  private final HttpClient client;
  private final GatewayConfig config;
  private final Upstreams upstreams;
  private final ObjectMapper mapper;
  private final RouteTable routes;
  private final OpenApiDocumentService documents;

  public OpenApiMerger(
      Vertx vertx,
      GatewayConfig config,
      ObjectMapper mapper,
      RouteTable routes,
      OpenApiDocumentService documents,
      Upstreams upstreams) {
    this.documents = documents;
    this.upstreams = upstreams;
    this.config = config;
    this.mapper = mapper;
    this.routes = routes;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(1_000));
  }

  @PreDestroy
  void close() {
    client.close();
  }

  void register(@Observes Router router) {
    router.get("/openapi.json").order(-200).handler(this::serve);
  }

  private void serve(RoutingContext rc) {
    List<Uni<Named>> fetches = new ArrayList<>();
    fetches.add(ownDocument());
    for (String service : config.services().keySet()) {
      // Any replica serves the same document.
      fetches.add(fetch(service, upstreams.next(service)));
    }
    Uni.join()
        .all(fetches)
        .andFailFast()
        .map(this::merge)
        .subscribe()
        .with(
            doc ->
                rc.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-cache")
                    .end(doc.toPrettyString()),
            failure -> {
              LOG.error("Could not build the merged OpenAPI document", failure);
              new Exchange(rc, mapper)
                  .fail(
                      new ApiException(
                          ErrorCode.SERVICE_UNAVAILABLE,
                          "The API document cannot be built right now; retry shortly"));
            });
  }

  /**
   * The gateway's own part, as SmallRye OpenAPI built it at start-up. Its HTTP endpoint ({@code
   * /q/openapi}) is not served on the public port, so it is read in-process rather than fetched.
   */
  private Uni<Named> ownDocument() {
    return Uni.createFrom()
        .item(
            () ->
                new Named(
                    "gateway",
                    parse(
                        documents.getDocument(
                            OpenApiConstants.DEFAULT_DOCUMENT_NAME, Format.JSON))))
        .onFailure()
        .recoverWithItem(new Named("gateway", null));
  }

  private Uni<Named> fetch(String name, URI uri) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(uri.getHost())
            .setPort(uri.getPort())
            .setURI(DOC_PATH)
            .setIdleTimeout(3_000);
    return Uni.createFrom()
        .completionStage(
            client
                .request(options)
                .compose(request -> request.send())
                // Any other answer is "no document" (a null future would never complete, and
                // hang the merged document).
                .compose(
                    response ->
                        response.statusCode() == 200
                            ? response.body()
                            : response.body().map((io.vertx.core.buffer.Buffer) null))
                .toCompletionStage())
        .map(body -> body == null ? new Named(name, null) : new Named(name, parse(body.getBytes())))
        .onFailure()
        .recoverWithItem(new Named(name, null));
  }

  private JsonNode parse(byte[] body) {
    try {
      return mapper.readTree(body);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  ObjectNode merge(List<Named> documents) {
    ObjectNode merged = null;
    List<String> missing = new ArrayList<>();
    for (Named named : documents) {
      if (named.name().equals("gateway") && named.doc() != null) {
        merged = named.doc().deepCopy();
      }
    }
    if (merged == null) {
      merged = mapper.createObjectNode().put("openapi", "3.0.3");
      merged.putObject("info").put("title", "Solid API").put("version", "v1");
    }
    for (Named named : documents) {
      if (named.doc() == null) {
        missing.add(named.name());
        continue;
      }
      if (named.name().equals("gateway")) {
        continue;
      }
      JsonNode doc = renameCollidingSchemas(merged, named);
      ObjectNode paths = merged.withObject("/paths");
      doc.path("paths").fields().forEachRemaining(p -> paths.set(p.getKey(), p.getValue()));
      ObjectNode schemas = merged.withObject("/components").withObject("/schemas");
      doc.path("components")
          .path("schemas")
          .fields()
          .forEachRemaining(s -> schemas.set(s.getKey(), s.getValue()));
      var tags = merged.withArray("/tags");
      doc.path("tags").forEach(tags::add);
    }
    addAliases(merged);
    PublicContract.apply(merged, mapper);
    if (!missing.isEmpty()) {
      merged.putPOJO("x-solid-missing-services", missing);
    }
    return merged;
  }

  /**
   * The service's document with every schema whose name is taken by a different schema renamed to
   * {@code <Service><Name>}, references included. Identical schemas are simply shared.
   */
  private JsonNode renameCollidingSchemas(ObjectNode merged, Named named) {
    JsonNode existing = merged.path("components").path("schemas");
    List<String> colliding = new ArrayList<>();
    named
        .doc()
        .path("components")
        .path("schemas")
        .fields()
        .forEachRemaining(
            s -> {
              if (existing.has(s.getKey()) && !existing.get(s.getKey()).equals(s.getValue())) {
                colliding.add(s.getKey());
              }
            });
    if (colliding.isEmpty()) {
      return named.doc();
    }
    String prefix =
        Character.toUpperCase(named.name().charAt(0)) + named.name().substring(1).replace("-", "");
    ObjectNode doc = named.doc().deepCopy();
    ObjectNode schemas = (ObjectNode) doc.path("components").path("schemas");
    for (String name : colliding) {
      LOG.infof(
          "Schema '%s' of the %s service differs from one merged before; listed as '%s'",
          name, named.name(), prefix + name);
      schemas.set(prefix + name, schemas.remove(name));
      rewriteRefs(doc, "#/components/schemas/" + name, "#/components/schemas/" + prefix + name);
    }
    return doc;
  }

  private static void rewriteRefs(JsonNode node, String from, String to) {
    if (node instanceof ObjectNode object) {
      JsonNode ref = object.get("$ref");
      if (ref != null && ref.isTextual() && ref.asText().equals(from)) {
        object.put("$ref", to);
      }
      object.elements().forEachRemaining(child -> rewriteRefs(child, from, to));
    } else if (node.isArray()) {
      node.forEach(child -> rewriteRefs(child, from, to));
    }
  }

  /** Every path under a canonical prefix again under its alias, marked as such. */
  private void addAliases(ObjectNode merged) {
    ObjectNode paths = merged.withObject("/paths");
    Map<String, JsonNode> added = new LinkedHashMap<>();
    routes
        .aliases()
        .forEach(
            (alias, canonical) ->
                paths
                    .fields()
                    .forEachRemaining(
                        p -> {
                          String path = p.getKey();
                          if (!path.equals(canonical) && !path.startsWith(canonical + "/")) {
                            return;
                          }
                          ObjectNode item = p.getValue().deepCopy();
                          item.put("x-solid-alias-of", path);
                          item.fields()
                              .forEachRemaining(
                                  operation -> {
                                    if (operation.getValue() instanceof ObjectNode op) {
                                      // operationIds must stay unique across the document.
                                      if (op.has("operationId")) {
                                        op.put(
                                            "operationId",
                                            op.get("operationId").asText() + "Alias");
                                      }
                                      op.put(
                                          "description",
                                          "Alias of `"
                                              + path
                                              + "`, with the same behaviour. "
                                              + op.path("description").asText(""));
                                    }
                                  });
                          added.put(alias + path.substring(canonical.length()), item);
                        }));
    added.forEach(paths::set);
  }

  record Named(String name, JsonNode doc) {}
}
