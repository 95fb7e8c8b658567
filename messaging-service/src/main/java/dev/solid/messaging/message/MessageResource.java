package dev.solid.messaging.message;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
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
          "Queues one message from the account to 'to' (Telegram username or numeric id, or E.164"
              + " phone for SMS). Template variables are resolved now from the contact 'to'"
              + " matches. 429 account_daily_limit_reached beyond the account's daily cap. Needs"
              + " write:messages.")
  public Uni<SendResponse> send(SendRequest body) {
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
          "Oldest first, so a contact's messages read as the conversation. Needs read:messages.")
  public Uni<Page<MessageResponse>> list(
      @QueryParam("contact_id") String contactId,
      @QueryParam("account_id") String accountId,
      @QueryParam("status") String status,
      @QueryParam("direction") String direction,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
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
      description = "Needs read:messages.")
  public Uni<MessageResponse> get(@PathParam("id") String id) {
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
