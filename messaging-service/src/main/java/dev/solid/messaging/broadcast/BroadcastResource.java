package dev.solid.messaging.broadcast;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Broadcasts. The gateway also serves this as {@code /v1/messages/broadcast}. */
@Path("/api/v1/messages/broadcast")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Messages", description = "Outbound and inbound Telegram and SMS messages")
public class BroadcastResource {
  private final Caller caller;
  private final BroadcastService broadcasts;

  public BroadcastResource(Caller caller, BroadcastService broadcasts) {
    this.caller = caller;
    this.broadcasts = broadcasts;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "broadcastMessage",
      summary = "Broadcast a message",
      description =
          "Queues one message per contact with the `tag`, or per id in `contact_ids` (exactly one"
              + " of them; at most 10 000 recipients), template variables filled per contact."
              + " Recipients that cannot get one (no address on the channel, a template variable"
              + " without a value, an unknown id) are skipped, listed in `skipped` and counted as"
              + " failed. The answer is the job that tracks the messages: follow it with GET"
              + " /api/v1/jobs/{id} or the job.completed event. Needs write:messages.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = BroadcastRequest.class),
              examples =
                  @ExampleObject(
                      name = "tag",
                      summary = "Everyone with a tag",
                      value =
                          "{\"account_id\": 7421, \"tag\": \"webinar-2026-06\","
                              + " \"text\": \"Hi {first_name}, our webinar starts in one"
                              + " hour.\"}")))
  @APIResponse(
      responseCode = "202",
      description = "Accepted: the messages are queued and the job counts them as they go out",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = BroadcastResponse.class)))
  @APIResponse(
      responseCode = "429",
      description =
          "account_daily_limit_reached: the messages do not fit the account's remaining daily"
              + " cap, and none was queued; Retry-After says when the cap resets")
  public Uni<RestResponse<BroadcastResponse>> broadcast(@Valid BroadcastRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_MESSAGES);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return broadcasts
        .broadcast(writer.tenant(), body)
        .map(job -> RestResponse.status(RestResponse.Status.ACCEPTED, job));
  }
}
