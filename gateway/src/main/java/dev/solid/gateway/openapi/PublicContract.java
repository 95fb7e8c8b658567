package dev.solid.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.error.ErrorCode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What every operation of the public API has in common, declared once here and applied to the
 * merged document, so no service repeats it (and none can forget it): the bearer security scheme,
 * the problem+json error responses, the {@code X-Request-Id}, {@code X-RateLimit-*} and {@code
 * Retry-After} headers the gateway adds, and the {@code Idempotency-Key} parameter of every write.
 * An operation that declares {@code security: []} is public (signup, login, provider callbacks): it
 * gets no authentication errors and no rate-limit headers.
 */
final class PublicContract {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Set<String> WRITES = Set.of("post", "put", "patch", "delete");

  /** The shared error responses: name, status, the code the example shows, when it happens. */
  private record Shared(String name, ErrorCode code, String when) {}

  private static final List<Shared> ERRORS =
      List.of(
          new Shared(
              "BadRequest",
              ErrorCode.BAD_REQUEST,
              "The request is malformed (bad JSON, a duplicate key)."),
          new Shared(
              "Unauthorized",
              ErrorCode.UNAUTHORIZED,
              "The API key is missing, unknown or revoked."),
          new Shared(
              "Forbidden",
              ErrorCode.FORBIDDEN,
              "The API key lacks the scope this operation needs; `details` names it."),
          new Shared(
              "NotFound", ErrorCode.NOT_FOUND, "No such object in the caller's company and mode."),
          new Shared(
              "Conflict",
              ErrorCode.CONFLICT,
              "The request conflicts with the current state, or its `Idempotency-Key` was used for a different request (`conflict`) or is still running (`idempotency_key_in_use`)."),
          new Shared("PayloadTooLarge", ErrorCode.PAYLOAD_TOO_LARGE, "The body is over 1 MiB."),
          new Shared(
              "UnsupportedMediaType",
              ErrorCode.UNSUPPORTED_MEDIA_TYPE,
              "The body is not `application/json`."),
          new Shared(
              "ValidationError",
              ErrorCode.VALIDATION_ERROR,
              "A field is invalid; `details` lists each field, the rule and what was received."),
          new Shared(
              "RateLimited",
              ErrorCode.RATE_LIMIT_EXCEEDED,
              "The key's per-minute limit is used up; retry after `Retry-After` seconds."),
          new Shared(
              "InternalError",
              ErrorCode.INTERNAL_ERROR,
              "An unexpected error; report it with the `request_id`."),
          new Shared(
              "ServiceUnavailable",
              ErrorCode.SERVICE_UNAVAILABLE,
              "A dependency is unavailable; retry after `Retry-After` seconds."));

  private PublicContract() {}

  static void apply(ObjectNode doc, ObjectMapper mapper) {
    // The services' documents are OpenAPI 3.1 (SmallRye's default); the gateway's own is written
    // to be valid as both.
    doc.put("openapi", "3.1.0");
    ObjectNode components = doc.withObject("/components");
    components(components);
    ArrayNode security = doc.putArray("security");
    security.addObject().putArray("bearer");
    Iterator<Map.Entry<String, JsonNode>> paths = doc.withObject("/paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      boolean hasPathParams = path.getKey().contains("{");
      Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields();
      while (ops.hasNext()) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (METHODS.contains(op.getKey()) && op.getValue() instanceof ObjectNode operation) {
          operation(path.getKey(), op.getKey(), operation, hasPathParams);
        }
      }
    }
  }

  private static void operation(String path, String method, ObjectNode op, boolean hasPathParams) {
    boolean isPublic = op.has("security") && op.get("security").isEmpty();
    if (!isPublic) {
      // One scheme for the whole API (the document's top-level requirement); a service's own
      // scheme names (SmallRye's "SecurityScheme") are not the public contract.
      op.remove("security");
    }
    boolean write = WRITES.contains(method);
    if (!op.hasNonNull("operationId")) {
      op.put("operationId", operationId(method, path));
    }
    if (!op.hasNonNull("summary")) {
      op.put("summary", method.toUpperCase(Locale.ROOT) + " " + path);
    }
    if (write && !isPublic) {
      ArrayNode parameters = op.withArray("/parameters");
      boolean present = false;
      for (JsonNode p : parameters) {
        present |= "#/components/parameters/IdempotencyKey".equals(p.path("$ref").asText());
        present |= "Idempotency-Key".equalsIgnoreCase(p.path("name").asText());
      }
      if (!present) {
        parameters.addObject().put("$ref", "#/components/parameters/IdempotencyKey");
      }
    }
    ObjectNode responses = op.withObject("/responses");
    addError(responses, "400", "BadRequest");
    if (!isPublic) {
      addError(responses, "401", "Unauthorized");
      addError(responses, "403", "Forbidden");
      addError(responses, "429", "RateLimited");
    }
    if (hasPathParams) {
      addError(responses, "404", "NotFound");
    }
    if (write) {
      addError(responses, "409", "Conflict");
      addError(responses, "413", "PayloadTooLarge");
      addError(responses, "415", "UnsupportedMediaType");
    }
    addError(responses, "422", "ValidationError");
    addError(responses, "500", "InternalError");
    addError(responses, "503", "ServiceUnavailable");
    responses
        .fields()
        .forEachRemaining(
            r -> {
              if (r.getValue() instanceof ObjectNode response && !response.has("$ref")) {
                ObjectNode headers = response.withObject("/headers");
                ref(headers, "X-Request-Id", "#/components/headers/XRequestId");
                if (!isPublic) {
                  ref(headers, "X-RateLimit-Limit", "#/components/headers/XRateLimitLimit");
                  ref(headers, "X-RateLimit-Remaining", "#/components/headers/XRateLimitRemaining");
                  ref(headers, "X-RateLimit-Reset", "#/components/headers/XRateLimitReset");
                }
              }
            });
  }

  private static void addError(ObjectNode responses, String status, String name) {
    if (!responses.has(status)) {
      responses.putObject(status).put("$ref", "#/components/responses/" + name);
    }
  }

  private static void ref(ObjectNode headers, String name, String ref) {
    if (!headers.has(name)) {
      headers.putObject(name).put("$ref", ref);
    }
  }

  /** {@code get /api/v1/crm/contacts/{id}} → {@code getCrmContactsId}: a fallback only. */
  static String operationId(String method, String path) {
    StringBuilder id = new StringBuilder(method.toLowerCase(Locale.ROOT));
    for (String part : path.replaceFirst("^/api/v1/", "/").split("[/{}_\\-.]+")) {
      if (!part.isEmpty()) {
        id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return id.toString();
  }

  private static void components(ObjectNode components) {
    ObjectNode schemes = components.withObject("/securitySchemes");
    schemes.removeAll();
    schemes
        .putObject("bearer")
        .put("type", "http")
        .put("scheme", "bearer")
        .put(
            "description",
            "An API key: `Authorization: Bearer sk_solid_test_…` (test mode) or `sk_solid_live_…`"
                + " (live mode). Key management and sequences also take the owner's session token"
                + " from `POST /api/v1/auth/login`.");

    ObjectNode schemas = components.withObject("/schemas");
    ObjectNode detail = schemas.putObject("ProblemDetail");
    detail.put("type", "object").put("description", "One field-level failure.");
    ObjectNode dp = detail.putObject("properties");
    dp.putObject("field").put("type", "string").put("example", "amount");
    dp.putObject("error").put("type", "string").put("example", "must_be_positive");
    dp.putObject("received").put("description", "What was sent (long values are cut).");
    ObjectNode problem = schemas.putObject("Problem");
    problem
        .put("type", "object")
        .put("description", "An error: RFC 9457 problem details with the API's envelope members.");
    problem.putArray("required").add("type").add("title").add("status").add("code").add("message");
    ObjectNode pp = problem.putObject("properties");
    pp.putObject("type")
        .put("type", "string")
        .put("example", "https://docs.solid.dev/errors/validation_error");
    pp.putObject("title").put("type", "string").put("example", "Unprocessable Entity");
    pp.putObject("status").put("type", "integer").put("example", 422);
    pp.putObject("code").put("type", "string").put("example", "validation_error");
    pp.putObject("message")
        .put("type", "string")
        .put("example", "Field 'amount' must be a positive integer (cents)");
    ObjectNode details = pp.putObject("details");
    details.put("type", "array");
    details.putObject("items").put("$ref", "#/components/schemas/ProblemDetail");
    pp.putObject("request_id").put("type", "string").put("example", "req_01JABCDEFGH123456789");

    ObjectNode headers = components.withObject("/headers");
    header(
        headers,
        "XRequestId",
        "The id of this request; quote it when reporting a problem.",
        "string",
        "req_01JABCDEFGH123456789");
    header(headers, "XRateLimitLimit", "Requests the key may make per minute.", "integer", 300);
    header(headers, "XRateLimitRemaining", "Requests left in the current minute.", "integer", 299);
    header(headers, "XRateLimitReset", "Seconds until the current window resets.", "integer", 42);
    header(headers, "RetryAfter", "Seconds to wait before retrying.", "integer", 5);

    ObjectNode parameters = components.withObject("/parameters");
    ObjectNode idem = parameters.putObject("IdempotencyKey");
    idem.put("name", "Idempotency-Key").put("in", "header").put("required", false);
    idem.put(
        "description",
        "Makes the write safe to retry: the same key with the same request within 24 hours replays"
            + " the first response and does not run the operation again; with a different request"
            + " it is 409 `conflict`, and while the first is still running 409"
            + " `idempotency_key_in_use`. Scoped to the company and mode.");
    idem.putObject("schema")
        .put("type", "string")
        .put("maxLength", 255)
        .put("example", "a1b2c3d4-order-42");

    ObjectNode responses = components.withObject("/responses");
    for (Shared shared : ERRORS) {
      ObjectNode response = responses.putObject(shared.name());
      response.put("description", shared.when());
      ObjectNode h = response.putObject("headers");
      h.putObject("X-Request-Id").put("$ref", "#/components/headers/XRequestId");
      if (shared.code() == ErrorCode.RATE_LIMIT_EXCEEDED
          || shared.code() == ErrorCode.SERVICE_UNAVAILABLE) {
        h.putObject("Retry-After").put("$ref", "#/components/headers/RetryAfter");
      }
      ObjectNode media = response.putObject("content").putObject("application/problem+json");
      media.putObject("schema").put("$ref", "#/components/schemas/Problem");
      ObjectNode example = media.putObject("example");
      example.put("type", "https://docs.solid.dev/errors/" + shared.code().code());
      example.put("title", shared.code().title());
      example.put("status", shared.code().status());
      example.put("code", shared.code().code());
      example.put("message", shared.when());
      example.put("request_id", "req_01JABCDEFGH123456789");
    }
  }

  private static void header(
      ObjectNode headers, String name, String description, String type, Object example) {
    ObjectNode h = headers.putObject(name);
    h.put("description", description);
    ObjectNode schema = h.putObject("schema").put("type", type);
    if (example instanceof Integer i) {
      schema.put("example", i);
    } else {
      schema.put("example", String.valueOf(example));
    }
  }
}
