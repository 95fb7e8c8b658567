package dev.solid.messaging.delivery;

import dev.solid.messaging.config.MessagingConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Non-blocking HTTP for the providers (Vert.x client, no worker thread needed). A failure to
 * connect becomes a {@link TransientProviderException} (the provider never saw the request); a
 * failure after the request left (reset, timeout) stays as is: the outcome is unknown.
 */
@ApplicationScoped
public class ProviderHttp {
  private final HttpClient client;
  private final long timeoutMs;

  public ProviderHttp(Vertx vertx, MessagingConfig config) {
    this.timeoutMs = config.delivery().providerTimeout().toMillis();
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) Math.min(timeoutMs, 5_000))
                .setMaxPoolSize(50)
                .setKeepAlive(true));
  }

  /** A status and body, whatever the status. */
  public record Response(int status, String body) {}

  public Uni<Response> post(String url, Map<String, String> headers, String body) {
    RequestOptions options =
        new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url).setTimeout(timeoutMs);
    headers.forEach(options::putHeader);
    return client
        .request(options)
        .onFailure()
        .transform(e -> new TransientProviderException("cannot connect: " + e.getMessage()))
        .chain(request -> request.send(Buffer.buffer(body)))
        .chain(
            response ->
                response.body().map(b -> new Response(response.statusCode(), b.toString())));
  }
}
