package dev.solid.kit.http;

import dev.solid.common.caller.RequestIds;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.Problem;
import dev.solid.common.error.ProblemDetail;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a path or query that carries a NUL character ({@code %00}) before any resource sees it:
 * no route has such a path (404), and no parameter takes such a value (422 naming it). Without
 * this, a NUL in an id or a search term reaches PostgreSQL and fails there as a 500.
 */
public class RequestGuard {

  @ServerRequestFilter(preMatching = true)
  public Response refuseNul(ContainerRequestContext request) {
    String path = request.getUriInfo().getRequestUri().getRawPath();
    if (path != null && hasNul(path)) {
      return problem(ErrorCode.NOT_FOUND, "Resource not found", List.of(), request);
    }
    String query = request.getUriInfo().getRequestUri().getRawQuery();
    if (query != null && hasNul(query)) {
      String name = parameterWithNul(query);
      return problem(
          ErrorCode.VALIDATION_ERROR,
          "Query parameter '" + name + "' must not contain NUL characters",
          List.of(ProblemDetail.of(name, "invalid_characters")),
          request);
    }
    return null;
  }

  static boolean hasNul(String raw) {
    return raw.indexOf('\u0000') >= 0 || raw.toLowerCase(Locale.ROOT).contains("%00");
  }

  static String parameterWithNul(String query) {
    for (String pair : query.split("&")) {
      if (hasNul(pair)) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        name = name.replaceAll("(?i)%00", "");
        return name.length() > 100 ? name.substring(0, 100) : name;
      }
    }
    return "";
  }

  private static Response problem(
      ErrorCode code, String message, List<ProblemDetail> details, ContainerRequestContext req) {
    String requestId = req.getHeaderString(RequestIds.HEADER);
    return Response.status(code.status())
        .type(Problem.MEDIA_TYPE)
        .entity(Problem.of(code, message, details, requestId))
        .build();
  }
}
