package dev.solid.crm.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.Problem;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The contacts API. Reached only through the gateway, which forwards the public path and a Bearer
 * internal JWT; {@code @Authenticated} makes a request without a valid token a problem+json 401.
 * Request-scoped because the {@link Caller} it holds belongs to one request.
 */
@Path("/api/v1/crm/contacts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Contacts", description = "People a company keeps in its CRM")
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "API key: sk_solid_live_… or sk_solid_test_…")
@SecurityRequirement(name = "bearer")
@APIResponse(
    responseCode = "401",
    description = "Missing or invalid API key",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
    responseCode = "403",
    description = "The key lacks the scope this endpoint needs",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ContactResource {
  /** Unique-index races an upsert may lose before it finds the winner's row; one is the norm. */
  private static final int UPSERT_RETRIES = 3;

  private final Caller caller;
  private final ContactService contacts;
  private final ObjectMapper json;

  public ContactResource(Caller caller, ContactService contacts, ObjectMapper json) {
    this.caller = caller;
    this.contacts = contacts;
    this.json = json;
  }

  @GET
  @Operation(
      operationId = "listContacts",
      summary = "List contacts",
      description = "Newest first. Needs read:contacts.")
  @APIResponse(responseCode = "200", description = "A page of contacts")
  @APIResponse(
      responseCode = "422",
      description = "limit or offset out of range",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Uni<Page<ContactResponse>> list(
      @Parameter(description = "1..200, default 50", schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("limit")
          String limit,
      @Parameter(description = "default 0", schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("offset")
          String offset,
      @Parameter(description = "Case-insensitive substring of name, email, username or phone")
          @QueryParam("search")
          String search,
      @Parameter(description = "Only contacts with exactly this tag") @QueryParam("tag")
          String tag) {
    Caller reader = caller.requireScope(Scopes.READ_CONTACTS);
    PageRequest page = PageRequest.of(integer("limit", limit), integer("offset", offset));
    return contacts.list(reader.tenant(), new ContactFilter(search, tag), page);
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getContact",
      summary = "Get a contact",
      description = "Needs read:contacts.")
  @APIResponse(responseCode = "200", description = "The contact")
  @APIResponse(
      responseCode = "404",
      description = "No such contact in this company and mode",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Uni<ContactResponse> get(@PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_CONTACTS);
    return contacts.get(reader.tenant(), contactId(id));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "upsertContact",
      summary = "Create or upsert a contact",
      description =
          "Upserts on email (case-insensitive) or username (leading '@' ignored): an existing"
              + " contact is updated and returned with 200, otherwise one is created (201)."
              + " Tags are added to the existing ones; custom field keys are merged. Needs"
              + " write:contacts.")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = ContactResponse.class)))
  @APIResponse(
      responseCode = "200",
      description = "An existing contact was updated",
      content = @Content(schema = @Schema(implementation = ContactResponse.class)))
  @APIResponse(
      responseCode = "409",
      description = "The email and the username belong to two different contacts",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "422",
      description = "Invalid fields, listed in details",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Uni<RestResponse<ContactResponse>> upsert(ContactRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_CONTACTS);
    ContactInput input = ContactRules.forUpsert(body);
    // A lost race on a unique index rolls the whole transaction back; running the upsert again in
    // a fresh transaction finds the row the winner committed and updates it.
    return Uni.createFrom()
        .deferred(() -> contacts.upsert(writer.tenant(), input))
        .onFailure(ContactService::isUniqueViolation)
        .retry()
        .atMost(UPSERT_RETRIES)
        .map(
            result ->
                RestResponse.status(
                    result.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                    result.contact()));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateContact",
      summary = "Update a contact",
      description =
          "Omitted fields stay as they are; null clears a field; tags, when given, replace the"
              + " contact's tags; custom field keys are merged (null removes a key). Needs"
              + " write:contacts.")
  @APIResponse(responseCode = "200", description = "The updated contact")
  @APIResponse(
      responseCode = "404",
      description = "No such contact in this company and mode",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "Another contact has this email or username",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "422",
      description = "Invalid fields, listed in details",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Uni<ContactResponse> update(
      @PathParam("id") String id,
      @RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = ContactPatch.class)))
          ObjectNode body)
      throws JsonProcessingException {
    Caller writer = caller.requireScope(Scopes.WRITE_CONTACTS);
    long contactId = contactId(id);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    // Read as a JSON tree first: a record alone cannot tell a left-out field from one set to null.
    // Type errors surface as Jackson exceptions, which the problem mappers turn into 422s.
    ContactChanges changes =
        ContactRules.forPatch(json.treeToValue(body, ContactPatch.class), fieldNames(body));
    return contacts
        .update(writer.tenant(), contactId, changes)
        .onFailure(ContactService::isUniqueViolation)
        .transform(e -> ApiException.conflict("Another contact has this email or username"));
  }

  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "deleteContact",
      summary = "Delete a contact",
      description = "Needs write:contacts.")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(
      responseCode = "404",
      description = "No such contact in this company and mode",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Uni<Void> delete(@PathParam("id") String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_CONTACTS);
    return contacts.delete(writer.tenant(), contactId(id));
  }

  /** The names of the fields a JSON object carries, null or not. */
  private static Set<String> fieldNames(ObjectNode body) {
    Set<String> names = new HashSet<>();
    body.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Ids are positive integers; anything else cannot name a contact, so it is not found. */
  private static long contactId(String raw) {
    if (raw == null || !raw.matches("[0-9]{1,18}")) {
      throw ApiException.notFound("Contact");
    }
    return Long.parseLong(raw);
  }

  private static Integer integer(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiException.validation(
          new ProblemDetail(name, "invalid_type", raw),
          "Query parameter '" + name + "' must be an integer");
    }
  }
}
