package dev.solid.crm.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.crm.deal.DealResponse;
import dev.solid.crm.deal.DealService;
import dev.solid.crm.timeline.TimelineItem;
import dev.solid.crm.timeline.TimelineService;
import dev.solid.kit.http.Params;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
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
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
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
 *
 * <p>The error responses every operation shares (400, 401, 403, 404, 409, 422, 429, 500, 503) are
 * added to the OpenAPI document once, by the service kit's filter; only success responses are
 * declared here.
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
public class ContactResource {
  /** Unique-index races an upsert may lose before it finds the winner's row; one is the norm. */
  private static final int UPSERT_RETRIES = 3;

  /** The contact upsert of the integration guide (seed 001). */
  static final String UPSERT_EXAMPLE =
      "{\"username\":\"@sarah_miller\",\"name\":\"Sarah Miller\",\"email\":\"sarah@example.com\","
          + "\"tags\":[\"trial\",\"webinar-2026-06\"]}";

  private final Caller caller;
  private final ContactService contacts;
  private final DealService deals;
  private final ObjectMapper json;
  private final Validator validator;
  private final TimelineService timeline;

  public ContactResource(
      Caller caller,
      ContactService contacts,
      DealService deals,
      ObjectMapper json,
      Validator validator,
      TimelineService timeline) {
    this.caller = caller;
    this.contacts = contacts;
    this.deals = deals;
    this.json = json;
    this.validator = validator;
    this.timeline = timeline;
  }

  @GET
  @Operation(
      operationId = "listContacts",
      summary = "List contacts",
      description =
          "Returns the contacts of your company, newest first, one page at a time. `search`"
              + " finds contacts whose name, email, username or phone contains the text"
              + " (case-insensitive; a phone may be typed with spaces, dashes, dots or"
              + " parentheses); `tag` keeps the contacts that carry exactly that tag;"
              + " `min_score` keeps contacts whose lead score is at least that; `sort=-lead_score`"
              + " lists the highest scores first, `sort=lead_score` the lowest. Requires the"
              + " `read:contacts` scope.")
  @APIResponse(responseCode = "200", description = "A page of contacts")
  public Uni<Page<ContactResponse>> list(
      // Query values are read as text so that "abc" or an int overflow is a 422 naming the
      // parameter; JAX-RS would answer a failed conversion with 404.
      @Parameter(
              description = "Contacts per page, 1 to 200 (default 50)",
              example = "10",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "How many contacts to skip (default 0)",
              example = "0",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("offset")
          String offset,
      @Parameter(description = "Text the name, email, username or phone contains", example = "john")
          @QueryParam("search")
          String search,
      @Parameter(description = "Only contacts carrying exactly this tag", example = "trial")
          @QueryParam("tag")
          String tag,
      @Parameter(
              description = "Only contacts whose lead score is at least this, 0 to 100",
              example = "60",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "100"))
          @QueryParam("min_score")
          String minScore,
      @Parameter(
              description = "Order: newest first unless `-lead_score` or `lead_score`",
              example = "-lead_score",
              schema = @Schema(enumeration = {"-lead_score", "lead_score"}))
          @QueryParam("sort")
          String sort) {
    Caller reader = caller.requireScope(Scopes.READ_CONTACTS);
    PageRequest page =
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset));
    return contacts.list(
        reader.tenant(), new ContactFilter(search, tag, score(minScore), sort(sort)), page);
  }

  // --- lead score filter and order (dev.solid.crm.scoring) ---
  private static Integer score(String raw) {
    Integer score = Params.integer("min_score", raw);
    if (score != null && (score < 0 || score > 100)) {
      throw ApiException.validation(
          new ProblemDetail("min_score", "out_of_range", score),
          "Query parameter 'min_score' must be between 0 and 100");
    }
    return score;
  }

  private static ContactFilter.Sort sort(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    ContactFilter.Sort sort = ContactFilter.Sort.of(raw.trim());
    if (sort == null) {
      throw ApiException.validation(
          new ProblemDetail("sort", "invalid_value", raw),
          "Query parameter 'sort' must be '-lead_score' or 'lead_score'");
    }
    return sort;
  }

  // --- end lead score ---

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getContact",
      summary = "Get a contact",
      description =
          "Returns one contact. A contact of another company, or of the other mode (a live"
              + " contact seen with a test key), is not found. Requires the `read:contacts`"
              + " scope.")
  @APIResponse(responseCode = "200", description = "The contact")
  public Uni<ContactResponse> get(
      @Parameter(
              description = "The contact's id",
              example = "42",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1"))
          @PathParam("id")
          String id) {
    Caller reader = caller.requireScope(Scopes.READ_CONTACTS);
    return contacts.get(reader.tenant(), contactId(id));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "upsertContact",
      summary = "Create a contact, or update the one with the same email or username",
      description =
          "Creates a contact (201), or updates the contact that already has this email"
              + " (case-insensitive) or username (a leading '@' is ignored) and returns it (200)."
              + " On an update the fields sent replace the stored ones, tags are added to the"
              + " contact's tags and custom fields are merged key by key (null removes a key). At"
              + " least one of name, email, username or phone is required. When the email belongs"
              + " to one contact and the username to another, nothing changes and the answer is"
              + " 409. Requires the `write:contacts` scope.")
  @APIResponse(
      responseCode = "201",
      description = "The contact was created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ContactResponse.class)))
  @APIResponse(
      responseCode = "200",
      description = "A contact with this email or username existed and was updated",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ContactResponse.class)))
  public Uni<RestResponse<ContactResponse>> upsert(
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = ContactRequest.class),
                      examples =
                          @ExampleObject(
                              name = "trialSignup",
                              summary = "A trial user who attended a webinar",
                              value = UPSERT_EXAMPLE)))
          @Valid
          ContactRequest body) {
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
          "Changes only the fields sent: a field left out stays as it is, a field sent as null"
              + " is cleared. `tags`, when sent, replace the contact's tags; `custom_fields` are"
              + " merged key by key (null removes a key). A contact keeps at least one of name,"
              + " email, username or phone. Taking an email or username another contact has is a"
              + " 409. Requires the `write:contacts` scope.")
  @APIResponse(responseCode = "200", description = "The updated contact")
  public Uni<ContactResponse> update(
      @Parameter(
              description = "The contact's id",
              example = "42",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1"))
          @PathParam("id")
          String id,
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = ContactPatch.class),
                      examples = {
                        @ExampleObject(
                            name = "addPhoneAndRetag",
                            summary = "Add a phone number and replace the tags",
                            value = "{\"phone\":\"+1 (801) 555-1234\",\"tags\":[\"customer\"]}"),
                        @ExampleObject(
                            name = "clearPhone",
                            summary = "Remove the phone number",
                            value = "{\"phone\":null}")
                      }))
          ObjectNode body)
      throws JsonProcessingException {
    Caller writer = caller.requireScope(Scopes.WRITE_CONTACTS);
    long contactId = contactId(id);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    // Read as a JSON tree first: a record alone cannot tell a left-out field from one set to null.
    // That is also why the record is validated here rather than by @Valid; type errors surface as
    // Jackson exceptions and violations as ConstraintViolationException, both mapped to 422s.
    ContactPatch patch = json.treeToValue(body, ContactPatch.class);
    Set<ConstraintViolation<ContactPatch>> violations = validator.validate(patch);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    ContactChanges changes = ContactRules.forPatch(patch, fieldNames(body));
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
      description = "Deletes the contact for good. Requires the `write:contacts` scope.")
  @APIResponse(responseCode = "204", description = "The contact was deleted")
  public Uni<Void> delete(
      @Parameter(
              description = "The contact's id",
              example = "42",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1"))
          @PathParam("id")
          String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_CONTACTS);
    return contacts.delete(writer.tenant(), contactId(id));
  }

  @GET
  @Path("{id}/timeline")
  @Operation(
      operationId = "getContactTimeline",
      summary = "Get a contact's timeline",
      description =
          "Returns everything that happened to the contact in one stream, the most recent first:"
              + " its activities, the messages it sent and received, and its orders and failed"
              + " payments. Each item names what happened, when, a line to read and the object it"
              + " is about. Messages, orders and payments appear a moment after they happen."
              + " Requires the `read:contacts` scope.")
  @APIResponse(responseCode = "200", description = "A page of the contact's timeline")
  public Uni<Page<TimelineItem>> timeline(
      @Parameter(
              description = "The contact's id",
              example = "42",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1"))
          @PathParam("id")
          String id,
      @Parameter(
              description = "Items per page, 1 to 200 (default 50)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "How many items to skip (default 0)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("offset")
          String offset) {
    Caller reader = caller.requireScope(Scopes.READ_CONTACTS);
    PageRequest page =
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset));
    return timeline.page(reader.tenant(), contactId(id), page);
  }

  @GET
  @Path("{id}/deals")
  @Operation(
      operationId = "listContactDeals",
      summary = "List a contact's deals",
      description =
          "Returns the deals of one contact, newest first, one page at a time. A contact of"
              + " another company, or of the other mode, is not found. Requires the `read:deals`"
              + " scope.")
  @APIResponse(responseCode = "200", description = "A page of the contact's deals")
  public Uni<Page<DealResponse>> listDeals(
      @Parameter(
              description = "The contact's id",
              example = "42",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1"))
          @PathParam("id")
          String id,
      @Parameter(
              description = "Deals per page, 1 to 200 (default 50)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "How many deals to skip (default 0)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("offset")
          String offset) {
    Caller reader = caller.requireScope(Scopes.READ_DEALS);
    PageRequest page =
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset));
    return deals.listOfContact(reader.tenant(), contactId(id), page);
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
}
