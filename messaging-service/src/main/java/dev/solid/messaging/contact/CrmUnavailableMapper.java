package dev.solid.messaging.contact;

import dev.solid.common.caller.RequestIds;
import dev.solid.common.error.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers {@link CrmUnavailableException} with the common problem body plus {@code Retry-After}, as
 * the gateway's own 503s carry. RESTEasy picks the most specific mapper, so this wins over the
 * common ApiException mapper for this one exception only.
 */
public class CrmUnavailableMapper {

  @ServerExceptionMapper
  public Response unavailable(CrmUnavailableException e, HttpHeaders headers) {
    return Response.status(e.status())
        .type(Problem.MEDIA_TYPE)
        .header("Retry-After", CrmUnavailableException.RETRY_AFTER_SECONDS)
        .entity(
            Problem.of(e.status(), e.code(), e.getMessage(), e.details(), RequestIds.from(headers)))
        .build();
  }
}
