package dev.solid.kit.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.solid.common.caller.RequestIds;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;
import dev.solid.common.error.Problem;
import dev.solid.common.error.ProblemDetail;
import dev.solid.kit.json.StrictText;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where a service turns exceptions into problem+json (the gateway has its own
 * exchange, built on the same {@link ErrorCode}s). Client errors are logged at debug; anything
 * unexpected is logged with its stack trace and the request id, and the client only sees {@code
 * internal_error} with that request id. No class name, stack trace or SQL reaches a client.
 */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']{1,100})");

  @ServerExceptionMapper
  public Response api(ApiException e, HttpHeaders headers) {
    String requestId = RequestIds.from(headers);
    if (e.status() >= 500) {
      LOG.warnf("%s %s for request %s: %s", e.status(), e.code(), requestId, e.getMessage());
    } else {
      LOG.debugf("%s %s for request %s: %s", e.status(), e.code(), requestId, e.getMessage());
    }
    Response.ResponseBuilder response =
        Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(e.toProblem(requestId));
    if (e.retryAfterSeconds() != null) {
      response.header("Retry-After", e.retryAfterSeconds());
    }
    return response.build();
  }

  @ServerExceptionMapper
  public Response validation(ConstraintViolationException e, HttpHeaders headers) {
    List<ConstraintViolation<?>> violations =
        e.getConstraintViolations().stream()
            .sorted(Comparator.comparing(v -> ConstraintDetails.toDetail(v).field()))
            .toList();
    List<ProblemDetail> details = violations.stream().map(ConstraintDetails::toDetail).toList();
    String message =
        violations.isEmpty()
            ? ConstraintDetails.message(details)
            : ConstraintDetails.message(violations.get(0), details.get(0));
    return respond(ErrorCode.VALIDATION_ERROR, message, details, headers);
  }

  @ServerExceptionMapper
  public Response unrecognized(UnrecognizedPropertyException e, HttpHeaders headers) {
    String field = JsonPaths.of(e);
    return respond(
        ErrorCode.VALIDATION_ERROR,
        "Unknown field '" + field + "'",
        List.of(ProblemDetail.of(field, "unknown_field")),
        headers);
  }

  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e, HttpHeaders headers) {
    String field = JsonPaths.of(e);
    if (field.isEmpty()) {
      return respond(
          ErrorCode.BAD_REQUEST,
          "Request body has the wrong shape (one JSON object expected)",
          null,
          headers);
    }
    if (e instanceof StrictText.InvalidTextException) {
      return respond(
          ErrorCode.VALIDATION_ERROR,
          "Field '" + field + "' must not contain NUL characters or unpaired surrogates",
          List.of(ProblemDetail.of(field, StrictText.INVALID_CHARACTERS)),
          headers);
    }
    Object received = e instanceof InvalidFormatException ife ? ife.getValue() : null;
    return respond(
        ErrorCode.VALIDATION_ERROR,
        "Field '" + field + "' has the wrong type (expected " + JsonPaths.expected(e) + ")",
        List.of(new ProblemDetail(field, "invalid_type", received)),
        headers);
  }

  /** A value Jackson could not bind, with a path: an integer out of range, mostly. */
  @ServerExceptionMapper
  public Response mapping(JsonMappingException e, HttpHeaders headers) {
    String field = JsonPaths.of(e);
    if (field.isEmpty()) {
      return malformed(e, headers);
    }
    return respond(
        ErrorCode.VALIDATION_ERROR,
        "Field '" + field + "' is out of range or of the wrong type",
        List.of(ProblemDetail.of(field, "out_of_range")),
        headers);
  }

  @ServerExceptionMapper
  public Response malformed(JsonProcessingException e, HttpHeaders headers) {
    if (e instanceof JsonParseException && e.getOriginalMessage() != null) {
      Matcher duplicate = DUPLICATE.matcher(e.getOriginalMessage());
      if (duplicate.find()) {
        return respond(
            ErrorCode.BAD_REQUEST,
            "Duplicate key '" + duplicate.group(1) + "' in request body; send each key once",
            null,
            headers);
      }
    }
    return respond(ErrorCode.BAD_REQUEST, "Malformed JSON in request body", null, headers);
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized(RuntimeException e, HttpHeaders headers) {
    return respond(ErrorCode.UNAUTHORIZED, "Missing or invalid credentials", null, headers);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, HttpHeaders headers) {
    return respond(ErrorCode.FORBIDDEN, "Not allowed", null, headers);
  }

  /** A deadline or open circuit around a dependency: the client may retry shortly. */
  @ServerExceptionMapper
  public Response unavailable(FaultToleranceException e, HttpHeaders headers) {
    LOG.warnf("Dependency unavailable for request %s: %s", RequestIds.from(headers), e.toString());
    return api(
        ApiException.unavailable("A dependency of this service is unavailable; retry shortly", 2),
        headers);
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, HttpHeaders headers) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      return unexpected(e, headers);
    }
    if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
      // The JSON body reader wraps a parse error (a duplicate key, say) in a plain 400: say what
      // was wrong, as for the errors it does not wrap.
      return malformed(json, headers);
    }
    ErrorCode code = ErrorCode.forStatus(status);
    String message =
        switch (status) {
          case 404 -> "Resource not found";
          case 405 -> "Method not allowed on this resource";
          case 406 -> "This endpoint answers only application/json (see the Accept header)";
          case 415 -> "Content-Type must be application/json";
          default -> ErrorCode.reasonPhrase(status);
        };
    Response.ResponseBuilder response =
        Response.status(status)
            .type(Problem.MEDIA_TYPE)
            .entity(Problem.of(status, code.code(), message, null, RequestIds.from(headers)));
    Object allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
    if (allow != null) {
      response.header(HttpHeaders.ALLOW, allow);
    }
    return response.build();
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, HttpHeaders headers) {
    if (DatabaseErrors.isUnstorableText(e)) {
      return respond(
          ErrorCode.VALIDATION_ERROR,
          "Text must not contain NUL characters or unpaired surrogates",
          null,
          headers);
    }
    String requestId = RequestIds.from(headers);
    LOG.errorf(e, "Unhandled error for request %s", requestId);
    return respond(
        ErrorCode.INTERNAL_ERROR,
        "An internal error occurred; report it with the request_id",
        null,
        headers);
  }

  private static Response respond(
      ErrorCode code, String message, List<ProblemDetail> details, HttpHeaders headers) {
    String requestId = RequestIds.from(headers);
    if (code.status() < 500) {
      LOG.debugf("%s %s for request %s: %s", code.status(), code, requestId, message);
    }
    return Response.status(code.status())
        .type(Problem.MEDIA_TYPE)
        .entity(Problem.of(code, message, details, requestId))
        .build();
  }
}
