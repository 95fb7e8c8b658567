package dev.solid.gateway.proxy;

import io.smallrye.mutiny.Uni;

/** An endpoint served by the gateway itself (auth and keys), behind the same pipeline. */
@FunctionalInterface
public interface LocalHandler {
  Uni<LocalResponse> handle(ApiRequest request);
}
