package dev.solid.messaging.message;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/sms/send}: sends from the company's default SMS account. */
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
      description =
          "Queues an SMS to `to_phone` from the company's default SMS account (a 422 when the"
              + " company has none: create one under /api/v1/messaging/accounts). Template"
              + " variables are filled from the contact with that phone number, as for a"
              + " message send. Test keys never dispatch: the message is logged and marked sent."
              + " Needs write:messages.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SmsSendRequest.class),
              examples =
                  @ExampleObject(
                      name = "sms",
                      summary = "An SMS to a lead",
                      value =
                          "{\"to_phone\": \"+18015551234\", \"message\": \"Thanks for your"
                              + " inquiry! We'll call you within the hour.\"}")))
  @APIResponse(
      responseCode = "200",
      description = "Queued for delivery",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SendResponse.class)))
  @APIResponse(
      responseCode = "429",
      description =
          "account_daily_limit_reached: the default SMS account reached its daily cap; the"
              + " problem carries resets_at, and Retry-After says when to try again")
  public Uni<SendResponse> send(@Valid SmsSendRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_MESSAGES);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return messages.sendSms(writer.tenant(), body, jwt.getRawToken());
  }
}
