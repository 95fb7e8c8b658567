package dev.solid.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
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
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Serves {@code /openapi.json}: the gateway's own document (auth and keys) merged with the document
 * of every service, fetched when asked so it always matches what runs. A service that is down is
 * left out and named in {@code x-solid-missing-services}.
 */
@ApplicationScoped
public class OpenApiMerger {
  private static final Logger LOG = Logger.getLogger(OpenApiMerger.class);
  private static final String DOC_PATH = "/q/openapi?format=json";
  private final HttpClient client;
  private final GatewayConfig config;
  private final ObjectMapper mapper;

  public OpenApiMerger(Vertx vertx, GatewayConfig config, ObjectMapper mapper) {
    this.config = config;
    this.mapper = mapper;
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
    String self = "http://127.0.0.1:" + rc.request().localAddress().port();
    List<Uni<Named>> fetches = new ArrayList<>();
    fetches.add(fetch("gateway", self));
    for (Map.Entry<String, String> service : config.services().entrySet()) {
      fetches.add(fetch(service.getKey(), service.getValue()));
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
              rc.response().setStatusCode(500).end();
            });
  }

  private Uni<Named> fetch(String name, String base) {
    URI uri = URI.create(base);
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
                .compose(response -> response.statusCode() == 200 ? response.body() : null)
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

  private ObjectNode merge(List<Named> documents) {
    ObjectNode merged = null;
    List<String> missing = new ArrayList<>();
    for (Named named : documents) {
      if (named.doc() == null) {
        missing.add(named.name());
        continue;
      }
      if (merged == null && named.name().equals("gateway")) {
        merged = named.doc().deepCopy();
        continue;
      }
      if (merged == null) {
        continue;
      }
      ObjectNode paths = merged.withObject("/paths");
      named.doc().path("paths").fields().forEachRemaining(p -> paths.set(p.getKey(), p.getValue()));
      ObjectNode schemas = merged.withObject("/components").withObject("/schemas");
      named
          .doc()
          .path("components")
          .path("schemas")
          .fields()
          .forEachRemaining(
              s -> {
                if (!schemas.has(s.getKey())) {
                  schemas.set(s.getKey(), s.getValue());
                }
              });
      var tags = merged.withArray("/tags");
      named.doc().path("tags").forEach(tags::add);
    }
    if (merged == null) {
      merged = mapper.createObjectNode().put("openapi", "3.0.3");
    }
    if (!missing.isEmpty()) {
      merged.putPOJO("x-solid-missing-services", missing);
    }
    return merged;
  }

  private record Named(String name, JsonNode doc) {}
}
