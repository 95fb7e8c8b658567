package dev.solid.crm.scoring;

import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.crm.contact.ContactService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The lead scoring API: a company's rules and the jobs that apply a change to every contact.
 * Reached through the gateway like the contacts API; the shared error responses are added to the
 * OpenAPI document by the service kit.
 */
@Path("/api/v1/crm/lead-scoring")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Lead scoring", description = "How contacts are scored")
@SecurityRequirement(name = "bearer")
public class LeadScoringResource {
  /** A first change of two requests at once loses one insert; running it again finds the row. */
  private static final int RETRIES = 2;

  static final String EXAMPLE =
      "{\"rules\":[{\"type\":\"has_email\",\"points\":10},"
          + "{\"type\":\"business_email\",\"points\":15},"
          + "{\"type\":\"has_tag\",\"tag\":\"vip\",\"points\":20},"
          + "{\"type\":\"custom_field_equals\",\"field\":\"plan\",\"value\":\"enterprise\","
          + "\"points\":15},"
          + "{\"type\":\"message_received\",\"points\":10},"
          + "{\"type\":\"activity_logged\",\"activity_type\":\"call\",\"points\":5},"
          + "{\"type\":\"order_paid\",\"points\":25}],"
          + "\"half_life_days\":30,\"thresholds\":{\"warm\":30,\"mql\":60,\"hot\":80}}";

  private final Caller caller;
  private final ScoringRulesService rules;

  public LeadScoringResource(Caller caller, ScoringRulesService rules) {
    this.caller = caller;
    this.rules = rules;
  }

  @GET
  @Path("rules")
  @Operation(
      operationId = "getLeadScoringRules",
      summary = "Get the lead scoring rules",
      description =
          "Returns the rules your contacts are scored with, the half-life of engagement points"
              + " and the band thresholds. Until you change them these are the defaults"
              + " (`customized` is false). Requires the `read:contacts` scope.")
  @APIResponse(responseCode = "200", description = "The scoring rules")
  public Uni<RulesResponse> get() {
    return rules.get(caller.requireScope(Scopes.READ_CONTACTS).tenant());
  }

  @PUT
  @Path("rules")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateLeadScoringRules",
      summary = "Replace the lead scoring rules",
      description =
          "Replaces the rules, the half-life and the thresholds, and starts rescoring every"
              + " contact in the background: the answer comes at once with the rescoring job,"
              + " whose progress `GET /api/v1/crm/lead-scoring/rescore-jobs/{id}` shows. A"
              + " `lead.scored` event is sent for each contact whose band changes or whose score"
              + " moves by 5 points or more. Fit rules (has_email, has_phone, has_tag,"
              + " custom_field_equals, custom_field_contains, business_email, free_email) look at"
              + " the contact; engagement rules (message_received, message_sent, activity_logged,"
              + " deal_created, order_paid) give points per event, halved every"
              + " `half_life_days`. Points are -100 to 100, at most 100 rules, thresholds"
              + " increasing. Requires the `write:contacts` scope.")
  @APIResponse(responseCode = "200", description = "The new rules, with the rescoring job")
  public Uni<RulesResponse> put(
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = RulesRequest.class),
                      examples =
                          @ExampleObject(
                              name = "b2b",
                              summary = "Business contacts, VIPs and buyers first",
                              value = EXAMPLE)))
          @Valid
          RulesRequest body) {
    var tenant = caller.requireScope(Scopes.WRITE_CONTACTS).tenant();
    return Uni.createFrom()
        .deferred(() -> rules.replace(tenant, body))
        .onFailure(ContactService::isUniqueViolation)
        .retry()
        .atMost(RETRIES);
  }

  @GET
  @Path("rescore-jobs/{id}")
  @Operation(
      operationId = "getLeadRescoreJob",
      summary = "Get a rescoring job",
      description =
          "Shows how far the rescoring after a rule change has come: its status (queued,"
              + " running, completed, or superseded by a later change), how many contacts it has"
              + " rescored of how many, and how many `lead.scored` events it sent. Requires the"
              + " `read:contacts` scope.")
  @APIResponse(responseCode = "200", description = "The job")
  public Uni<RescoreJobResponse> job(
      @Parameter(
              description = "The job's id",
              example = "7",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1"))
          @PathParam("id")
          String id) {
    var tenant = caller.requireScope(Scopes.READ_CONTACTS).tenant();
    if (id == null || !id.matches("[0-9]{1,18}")) {
      throw ApiException.notFound("Rescore job");
    }
    return rules.job(tenant, Long.parseLong(id));
  }
}
