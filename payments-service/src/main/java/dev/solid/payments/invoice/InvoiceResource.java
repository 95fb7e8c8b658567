package dev.solid.payments.invoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.http.Params;
import dev.solid.payments.order.PayRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import jakarta.ws.rs.core.HttpHeaders;
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
 * Invoices (Stripe's Invoice model): reading needs read:payments, everything else write:payments. A
 * draft is edited and deleted freely; finalize numbers it and opens it for payment.
 */
@Path("/api/v1/invoices")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Invoices", description = "Invoices: drafts, finalizing, payment, PDF")
public class InvoiceResource {
  private static final String PDF = "application/pdf";
  private static final String ID = "The invoice's id";

  private final Caller caller;
  private final JsonWebToken jwt;
  private final InvoiceService invoices;
  private final InvoiceLifecycle lifecycle;
  private final InvoicePdf pdf;
  private final ObjectMapper json;
  private final Validator validator;

  public InvoiceResource(
      Caller caller,
      JsonWebToken jwt,
      InvoiceService invoices,
      InvoiceLifecycle lifecycle,
      InvoicePdf pdf,
      ObjectMapper json,
      Validator validator) {
    this.caller = caller;
    this.jwt = jwt;
    this.invoices = invoices;
    this.lifecycle = lifecycle;
    this.pdf = pdf;
    this.json = json;
    this.validator = validator;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createInvoice",
      summary = "Create a draft invoice",
      description =
          "A `draft` invoice of the contact; its total is the sum of `line_items`. Edit it with"
              + " PATCH, then finalize it to give it its number and open it for payment. The"
              + " contact must exist in the company (checked with the CRM, which needs"
              + " read:contacts). Needs write:payments.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = InvoiceRequest.class),
              examples = {
                @ExampleObject(
                    name = "lines",
                    summary = "Two lines, due at the end of the year",
                    value =
                        "{\"contact_id\": 42, \"currency\": \"usd\", \"due_date\":"
                            + " \"2026-12-31\", \"line_items\": [{\"description\":"
                            + " \"Onboarding\", \"quantity\": 1, \"unit_amount\": 50000},"
                            + " {\"description\": \"Seats\", \"quantity\": 10,"
                            + " \"unit_amount\": 7000}], \"sales_rep\": \"dana@acme.test\"}"),
                @ExampleObject(
                    name = "empty",
                    summary = "An empty draft, lines added later",
                    value = "{\"contact_id\": 42}")
              }))
  @APIResponse(
      responseCode = "201",
      description = "The draft invoice",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = InvoiceResponse.class)))
  public Uni<RestResponse<InvoiceResponse>> create(@Valid InvoiceRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return invoices
        .create(writer.tenant(), body, bearer())
        .map(invoice -> RestResponse.status(RestResponse.Status.CREATED, invoice));
  }

  @GET
  @Operation(
      operationId = "listInvoices",
      summary = "List invoices",
      description =
          "Newest first, optionally by status, contact and subscription. Needs read:payments.")
  @APIResponse(responseCode = "200", description = "One page of invoices")
  public Uni<Page<InvoiceResponse>> list(
      @Parameter(
              description = "draft, open, paid, void or uncollectible",
              schema = @Schema(type = SchemaType.STRING))
          @QueryParam("status")
          String status,
      @Parameter(
              description = "Only this contact's invoices",
              schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("contact_id")
          String contactId,
      @Parameter(
              description = "Only this subscription's invoices",
              schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("subscription_id")
          String subscriptionId,
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
    return invoices.list(
        reader.tenant(),
        status == null || status.isBlank() ? null : status.strip(),
        Params.longValue("contact_id", contactId),
        Params.longValue("subscription_id", subscriptionId),
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset)));
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getInvoice",
      summary = "Get an invoice",
      description = "The invoice with its payments. Needs read:payments.")
  @APIResponse(
      responseCode = "200",
      description = "The invoice",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = InvoiceResponse.class)))
  public Uni<InvoiceResponse> get(@Parameter(description = ID) @PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_PAYMENTS);
    return invoices.get(reader.tenant(), Params.id("invoice", id));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateInvoice",
      summary = "Update a draft invoice",
      description =
          "Changes only the fields sent. `line_items` and `metadata`, when sent, replace the"
              + " draft's; null clears `description`, `due_date` and `sales_rep`. Only a draft"
              + " can be edited (409 `invalid_state` otherwise). Needs write:payments.")
  @APIResponse(
      responseCode = "200",
      description = "The updated draft",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = InvoiceResponse.class)))
  public Uni<InvoiceResponse> update(
      @Parameter(description = ID) @PathParam("id") String id,
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = InvoicePatch.class),
                      examples = {
                        @ExampleObject(
                            name = "replaceLines",
                            summary = "Replace the lines",
                            value =
                                "{\"line_items\": [{\"description\": \"Consulting\","
                                    + " \"quantity\": 3, \"unit_amount\": 15000}]}"),
                        @ExampleObject(
                            name = "clearDueDate",
                            summary = "Remove the due date",
                            value = "{\"due_date\": null}")
                      }))
          ObjectNode body)
      throws JsonProcessingException {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    long invoiceId = Params.id("invoice", id);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    // Read as a JSON tree first: a record alone cannot tell a left-out field from one set to null.
    // That is also why the record is validated here rather than by @Valid.
    InvoicePatch patch = json.treeToValue(body, InvoicePatch.class);
    Set<ConstraintViolation<InvoicePatch>> violations = validator.validate(patch);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    Set<String> sent = new HashSet<>();
    body.fieldNames().forEachRemaining(sent::add);
    return invoices.update(writer.tenant(), invoiceId, patch, sent, bearer());
  }

  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "deleteInvoice",
      summary = "Delete a draft invoice",
      description =
          "Deletes a draft for good. A finalized invoice cannot be deleted (409"
              + " `invalid_state`); void it instead. Needs write:payments.")
  @APIResponse(responseCode = "204", description = "The draft was deleted")
  public Uni<Void> delete(@Parameter(description = ID) @PathParam("id") String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    return invoices.delete(writer.tenant(), Params.id("invoice", id));
  }

  @POST
  @Path("{id}/finalize")
  @Operation(
      operationId = "finalizeInvoice",
      summary = "Finalize a draft invoice",
      description =
          "Opens a draft for payment: it gets the company's next number (`INV-0001`,"
              + " `INV-0002`…, per mode, without gaps) and its `hosted_invoice_url`, and can no"
              + " longer be edited. An invoice without line items is 422. Needs write:payments.")
  @APIResponse(
      responseCode = "200",
      description = "The open invoice",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = InvoiceResponse.class)))
  public Uni<InvoiceResponse> finalizeInvoice(
      @Parameter(description = ID) @PathParam("id") String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    return lifecycle.finalizeInvoice(writer.tenant(), Params.id("invoice", id));
  }

  @POST
  @Path("{id}/pay")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "payInvoice",
      summary = "Pay an invoice",
      description =
          "Charges what remains of an open or uncollectible invoice. Test mode: a test card"
              + " (`4242424242424242`, `pm_card_visa`…). Live mode: a Stripe payment method id. A"
              + " decline is 402 `payment_failed` with the processor's `decline_code`; the"
              + " invoice stays as it was with `last_payment_error`. Needs write:payments.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PayRequest.class),
              examples =
                  @ExampleObject(name = "visa", value = "{\"payment_method\": \"pm_card_visa\"}")))
  @APIResponse(
      responseCode = "200",
      description = "The paid invoice",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = InvoiceResponse.class)))
  @APIResponse(responseCode = "402", description = "The charge was declined")
  public Uni<InvoiceResponse> pay(
      @Parameter(description = ID) @PathParam("id") String id, @Valid PayRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return lifecycle.pay(writer.tenant(), Params.id("invoice", id), body.paymentMethod());
  }

  @POST
  @Path("{id}/void")
  @Operation(
      operationId = "voidInvoice",
      summary = "Void an invoice",
      description =
          "Cancels an open or uncollectible invoice for good; its number stays used. Refused"
              + " (409 `conflict`) while a payment of it is in progress. Needs write:payments.")
  @APIResponse(
      responseCode = "200",
      description = "The void invoice",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = InvoiceResponse.class)))
  public Uni<InvoiceResponse> voidInvoice(@Parameter(description = ID) @PathParam("id") String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    return lifecycle.voidInvoice(writer.tenant(), Params.id("invoice", id));
  }

  @POST
  @Path("{id}/mark_uncollectible")
  @Operation(
      operationId = "markInvoiceUncollectible",
      summary = "Mark an invoice uncollectible",
      description =
          "Records that an open invoice is not expected to be paid. It can still be paid or"
              + " voided. Needs write:payments.")
  @APIResponse(
      responseCode = "200",
      description = "The uncollectible invoice",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = InvoiceResponse.class)))
  public Uni<InvoiceResponse> markUncollectible(
      @Parameter(description = ID) @PathParam("id") String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_PAYMENTS);
    return lifecycle.markUncollectible(writer.tenant(), Params.id("invoice", id));
  }

  @GET
  @Path("{id}/pdf")
  @Produces(PDF)
  @Operation(
      operationId = "getInvoicePdf",
      summary = "Download an invoice as PDF",
      description =
          "The invoice as a PDF document: number (or Draft), dates, bill-to contact, lines,"
              + " totals and amount due, stamped PAID or VOID when so. Offered inline as"
              + " `INV-0001.pdf`. Needs read:payments.")
  @APIResponse(
      responseCode = "200",
      description = "The PDF",
      content =
          @Content(mediaType = PDF, schema = @Schema(type = SchemaType.STRING, format = "binary")))
  public Uni<RestResponse<byte[]>> pdf(@Parameter(description = ID) @PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_PAYMENTS);
    return invoices
        .get(reader.tenant(), Params.id("invoice", id))
        // Rendering is blocking work: off the event loop, onto a worker.
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(
            invoice ->
                RestResponse.ResponseBuilder.ok(pdf.render(invoice), PDF)
                    .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "inline; filename=\"" + InvoicePdf.fileName(invoice) + "\"")
                    .build());
  }

  private String bearer() {
    return "Bearer " + jwt.getRawToken();
  }
}
