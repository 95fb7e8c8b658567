package dev.solid.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.solid.common.caller.RequestIds;
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
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where a service turns exceptions into problem+json. Client errors are logged at
 * debug; anything unexpected is logged with its stack trace and the request id, and the client only
 * sees {@code internal_error} with that request id.
 */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

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
    List<ProblemDetail> details =
        e.getConstraintViolations().stream()
            .map(ProblemMappers::toDetail)
            .sorted(Comparator.comparing(ProblemDetail::field))
            .toList();
    String message =
        details.isEmpty()
            ? "Validation failed"
            : "Field '" + details.get(0).field() + "' " + describe(details.get(0).error());
    return respond(ErrorCode.VALIDATION_ERROR, message, details, headers);
  }

  @ServerExceptionMapper
  public Response unrecognized(UnrecognizedPropertyException e, HttpHeaders headers) {
    String field = fieldPath(e);
    return respond(
        ErrorCode.VALIDATION_ERROR,
        "Unknown field '" + field + "'",
        List.of(ProblemDetail.of(field, "unknown_field")),
        headers);
  }

  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e, HttpHeaders headers) {
    String field = fieldPath(e);
    if (field.isEmpty()) {
      return respond(ErrorCode.BAD_REQUEST, "Request body has the wrong shape", null, headers);
    }
    Object received = e instanceof InvalidFormatException ife ? ife.getValue() : null;
    String expected =
        e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName().toLowerCase();
    return respond(
        ErrorCode.VALIDATION_ERROR,
        "Field '" + field + "' has the wrong type (expected " + expected + ")",
        List.of(new ProblemDetail(field, "invalid_type", received)),
        headers);
  }

  @ServerExceptionMapper
  public Response malformed(JsonProcessingException e, HttpHeaders headers) {
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

  @ServerExceptionMapper
  public Response web(WebApplicationException e, HttpHeaders headers) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      return unexpected(e, headers);
    }
    ErrorCode code = ErrorCode.forStatus(status);
    String message =
        switch (status) {
          case 404 -> "Resource not found";
          case 405 -> "Method not allowed on this resource";
          case 415 -> "Content-Type must be application/json";
          default -> ErrorCode.reasonPhrase(status);
        };
    return respond(code, message, null, headers);
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, HttpHeaders headers) {
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

  private static ProblemDetail toDetail(ConstraintViolation<?> v) {
    String path = v.getPropertyPath().toString();
    // Method-parameter paths look like "create.body.email": keep the part after the body param.
    String[] parts = path.split("\\.");
    String field =
        parts.length > 2
            ? String.join(".", List.of(parts).subList(2, parts.length))
            : parts[parts.length - 1];
    String annotation =
        v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
    String error =
        switch (annotation) {
          case "NotNull", "NotBlank", "NotEmpty" -> "required";
          case "Email" -> "invalid_email";
          case "Size" -> "invalid_length";
          case "Pattern" -> "invalid_format";
          case "Positive" -> "must_be_positive";
          case "PositiveOrZero", "Min", "DecimalMin" -> "too_small";
          case "Max", "DecimalMax" -> "too_large";
          default -> annotation.toLowerCase();
        };
    return new ProblemDetail(toSnakeCase(field), error, v.getInvalidValue());
  }

  private static String describe(String error) {
    return switch (error) {
      case "required" -> "is required";
      case "invalid_email" -> "must be a valid email address";
      case "invalid_length" -> "has an invalid length";
      case "invalid_format" -> "has an invalid format";
      case "must_be_positive" -> "must be positive";
      case "too_small" -> "is too small";
      case "too_large" -> "is too large";
      default -> "is invalid (" + error + ")";
    };
  }

  private static String fieldPath(MismatchedInputException e) {
    StringBuilder sb = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String toSnakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }
}
