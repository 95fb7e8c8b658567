package dev.solid.messaging.message;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.http.Params;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sending and reading messages. The gateway also serves this as {@code /v1/messages}. */
@Path("/api/v1/messages")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Messages", description = "Outbound and inbound Telegram and SMS messages")
public class MessageResource {
  private static final Set<String> STATUSES =
      Set.of(Message.QUEUED, Message.SENDING, Message.SENT, Message.FAILED, Message.RECEIVED);
  private static final Set<String> DIRECTIONS = Set.of(Message.OUTBOUND, Message.INBOUND);

  private final Caller caller;
  private final MessageService messages;
  // The caller's own internal token, forwarded when crm must be asked for a contact.
  private final JsonWebToken jwt;

  public MessageResource(Caller caller, MessageService messages, JsonWebToken jwt) {
    this.caller = caller;
    this.messages = messages;
    this.jwt = jwt;
  }

  @POST
  @Path("send")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "sendMessage",
      summary = "Send a message",
      description =
          "Queues one message from the sender account to `to`: a Telegram username or numeric"
              + " user id, or an E.164 phone number for an SMS account. Template variables such"
              + " as {first_name} are filled now from the contact `to` matches; a variable"
              + " without a value is a 422 and nothing is queued. The message is delivered"
              + " within seconds; follow it with GET /api/v1/messages/{id} or the message.sent"
              + " and message.failed events. Test keys never dispatch: the message is logged"
              + " and marked sent. Needs write:messages.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SendRequest.class),
              examples =
                  @ExampleObject(
                      name = "telegram",
                      summary = "A Telegram message to a username",
                      value =
                          "{\"account_id\": 7421, \"to\": \"@sarah_miller\","
                              + " \"text\": \"Hey Sarah, your invite is ready - check your"
                              + " inbox.\"}")))
  @APIResponse(
      responseCode = "200",
      description = "Queued for delivery",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SendResponse.class),
              examples =
                  @ExampleObject(
                      name = "queued",
                      value =
                          "{\"id\": \"msg_01HKQ9R2X3\", \"status\": \"queued\","
                              + " \"eta\": \"2026-06-04T09:00:00Z\"}")))
  @APIResponse(
      responseCode = "429",
      description =
          "account_daily_limit_reached: the account reached its daily cap; the problem carries"
              + " resets_at, and Retry-After says when to try again")
  public Uni<SendResponse> send(@Valid SendRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_MESSAGES);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return messages.send(writer.tenant(), body, jwt.getRawToken());
  }

  @GET
  @Operation(
      operationId = "listMessages",
      summary = "List messages",
      description =
          "Outbound and inbound messages, oldest first, so a contact's messages read as the"
              + " conversation; filter by contact, account, status or direction. Needs"
              + " read:messages.")
  @APIResponse(responseCode = "200", description = "One page of messages")
  public Uni<Page<MessageResponse>> list(
      @Parameter(
              description = "Only this contact's messages",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
          @QueryParam("contact_id")
          String contactId,
      @Parameter(
              description = "Only messages of this sender account",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
          @QueryParam("account_id")
          String accountId,
      @Parameter(
              description = "Only messages in this status",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"queued", "sending", "sent", "failed", "received"}))
          @QueryParam("status")
          String status,
      @Parameter(
              description = "Only outbound or only inbound messages",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"outbound", "inbound"}))
          @QueryParam("direction")
          String direction,
      @Parameter(
              description = "Page size, 1 to 200 (default 50)",
              schema = @Schema(type = SchemaType.INTEGER, defaultValue = "50"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "Items to skip (default 0)",
              schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
          @QueryParam("offset")
          String offset) {
    Caller reader = caller.requireScope(Scopes.READ_MESSAGES);
    oneOf("status", status, STATUSES);
    oneOf("direction", direction, DIRECTIONS);
    MessageFilter filter =
        new MessageFilter(
            Params.longValue("contact_id", contactId),
            Params.longValue("account_id", accountId),
            status,
            direction);
    return messages.list(
        reader.tenant(),
        filter,
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset)));
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getMessage",
      summary = "Get a message",
      description =
          "The message with its delivery status (queued, sending, sent or failed with its"
              + " failure_reason) or, for an inbound message, received. Needs read:messages.")
  @APIResponse(
      responseCode = "200",
      description = "The message",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MessageResponse.class)))
  public Uni<MessageResponse> get(
      @Parameter(description = "Message id", example = "msg_01HKQ9R2X3") @PathParam("id")
          String id) {
    Caller reader = caller.requireScope(Scopes.READ_MESSAGES);
    return messages.get(reader.tenant(), id);
  }

  private static void oneOf(String name, String value, Set<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      throw ApiException.validation(
          new ProblemDetail(name, "invalid_value", value),
          "Query parameter '" + name + "' must be one of " + allowed);
    }
  }
}
