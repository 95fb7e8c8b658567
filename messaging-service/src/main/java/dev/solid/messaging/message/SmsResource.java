package dev.solid.messaging.message;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Seed 000's SMS endpoint: sends from the company's default SMS account. */
@Path("/api/v1/sms")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "SMS", description = "SMS through the company's default SMS account")
public class SmsResource {
  private final Caller caller;
  private final MessageService messages;
  // The caller's own internal token, forwarded when crm must be asked for a contact.
  private final JsonWebToken jwt;

  public SmsResource(Caller caller, MessageService messages, JsonWebToken jwt) {
    this.caller = caller;
    this.messages = messages;
    this.jwt = jwt;
  }

  @POST
  @Path("send")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "sendSms",
      summary = "Send an SMS",
      description = "{to_phone, message} from the default SMS account. Needs write:messages.")
  public Uni<SendResponse> send(SmsSendRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_MESSAGES);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return messages.sendSms(writer.tenant(), body, jwt.getRawToken());
  }
}
