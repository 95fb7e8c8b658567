package dev.solid.payments.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
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
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Payment links: a URL with a hosted checkout page that takes a card payment of a fixed amount.
 * Reading needs read:payments, everything else write:payments.
 */
@Path("/api/v1/payment-links")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Payment links", description = "Shareable checkout pages of a fixed amount")
public class PaymentLinkResource {
  private final Caller caller;
  private final JsonWebToken jwt;
  private final PaymentLinkService links;
  private final ObjectMapper json;
  private final Validator validator;

  public PaymentLinkResource(
      Caller caller,
      JsonWebToken jwt,
      PaymentLinkService links,
      ObjectMapper json,
      Validator validator) {
    this.caller = caller;
    this.jwt = jwt;
    this.links = links;
    this.json = json;
    this.validator = validator;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createPaymentLink",
      summary = "Create a payment link",
      description =
          "A link whose `url` opens a hosted checkout page for `amount` cents. Every payment on"
              + " the page makes a paid order with `payment_link_id` (of `contact_id` when given,"
              + " checked with the CRM, which needs read:contacts). `business_name` is the name"
              + " the page shows (default \"Company {id}\"). Needs write:payments.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PaymentLinkRequest.class),
              examples =
                  @ExampleObject(
                      name = "consulting",
                      value =
                          "{\"amount\": 50000, \"currency\": \"usd\", \"description\": \"One hour"
                              + " of consulting\", \"business_name\": \"Acme\","
                              + " \"after_completion\": {\"redirect_url\":"
                              + " \"https://acme.test/thanks\"}}")))
  @APIResponse(
      responseCode = "201",
      description = "The link, active",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PaymentLinkResponse.class)))
  public Uni<RestResponse<PaymentLinkResponse>> create(@Valid PaymentLinkRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return links
        .create(writer.tenant(), body, "Bearer " + jwt.getRawToken())
        .map(link -> RestResponse.status(RestResponse.Status.CREATED, link));
  }

  @GET
  @Operation(
      operationId = "listPaymentLinks",
      summary = "List payment links",
      description = "Newest first, optionally only active or inactive ones. Needs read:payments.")
  @APIResponse(responseCode = "200", description = "One page of payment links")
  public Uni<Page<PaymentLinkResponse>> list(
      @Parameter(description = "true or false", schema = @Schema(type = SchemaType.BOOLEAN))
          @QueryParam("active")
          String active,
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
    Caller reader = caller.requireScope(Scopes.READ_PAYMENTS);
    return links.list(
        reader.tenant(),
        activeFilter(active),
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset)));
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getPaymentLink",
      summary = "Get a payment link",
      description = "Needs read:payments.")
  @APIResponse(
      responseCode = "200",
      description = "The payment link",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PaymentLinkResponse.class)))
  public Uni<PaymentLinkResponse> get(@PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_PAYMENTS);
    return links.get(reader.tenant(), Params.id("payment link", id));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updatePaymentLink",
      summary = "Update a payment link",
      description =
          "Changes only the fields sent. `active: false` closes the page (it takes no payment"
              + " until `active: true` again); `after_completion` or `business_name` sent as null"
              + " are cleared. The amount and currency never change. Needs write:payments.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PaymentLinkPatch.class),
              examples = @ExampleObject(name = "deactivate", value = "{\"active\": false}")))
  @APIResponse(
      responseCode = "200",
      description = "The updated payment link",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PaymentLinkResponse.class)))
  public Uni<PaymentLinkResponse> update(@PathParam("id") String id, ObjectNode body)
      throws JsonProcessingException {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    long linkId = Params.id("payment link", id);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    // Read as a JSON tree first: a record alone cannot tell a left-out field from one set to null.
    // That is also why the record is validated here rather than by @Valid.
    PaymentLinkPatch patch = json.treeToValue(body, PaymentLinkPatch.class);
    Set<ConstraintViolation<PaymentLinkPatch>> violations = validator.validate(patch);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    Set<String> sent = new HashSet<>();
    body.fieldNames().forEachRemaining(sent::add);
    return links.update(writer.tenant(), linkId, patch, sent);
  }

  private static Boolean activeFilter(String active) {
    if (active == null || active.isBlank()) {
      return null;
    }
    return switch (active.strip()) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default ->
          throw ApiException.validation(
              new ProblemDetail("active", "invalid_value", active),
              "Query parameter 'active' must be true or false");
    };
  }
}
