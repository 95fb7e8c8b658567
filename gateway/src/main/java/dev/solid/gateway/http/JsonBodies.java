package dev.solid.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** Reads a JSON request body into a record, with the API's error codes for what can go wrong. */
public final class JsonBodies {
  private JsonBodies() {}

  public static <T> T read(ObjectMapper mapper, Buffer body, Class<T> type) {
    if (body == null || body.length() == 0) {
      throw ApiException.badRequest("A JSON request body is required");
    }
    try {
      return mapper.readValue(body.getBytes(), type);
    } catch (MismatchedInputException e) {
      String field =
          e.getPath().isEmpty()
              ? ""
              : String.valueOf(e.getPath().get(e.getPath().size() - 1).getFieldName());
      if (field.isEmpty() || "null".equals(field)) {
        throw ApiException.badRequest("Request body must be a JSON object");
      }
      throw ApiException.validation(
          ProblemDetail.of(field, "invalid_type"), "Field '" + field + "' has the wrong type");
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("Malformed JSON in request body");
    } catch (IOException e) {
      throw ApiException.badRequest("Request body could not be read");
    }
  }
}
