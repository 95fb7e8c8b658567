package dev.solid.mcp.tools;

import static dev.solid.mcp.tool.Specs.resource;
import static dev.solid.mcp.tool.Specs.tool;
import static dev.solid.mcp.tools.DealTools.body;

import dev.solid.common.caller.Scopes;
import dev.solid.mcp.api.ApiCall;
import dev.solid.mcp.tool.Schemas;
import dev.solid.mcp.tool.ToolCatalog;
import dev.solid.mcp.tool.ToolResults;
import dev.solid.mcp.tool.ToolSpec;
import dev.solid.mcp.tool.ToolSpec.Effect;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Orders, payment links and invoices. Nothing that moves money is offered (no charge, refund or
 * cancellation): a payment link only lets a customer pay when they choose to.
 */
@ApplicationScoped
public class PaymentsTools implements ToolCatalog {
  static final JsonObject ORDER =
      resource("An order: amount (cents), currency, status, contact, ...");

  @Override
  public List<ToolSpec> tools() {
    return List.of(
        tool(
            "list_orders",
            "List orders",
            Effect.READ,
            Scopes.READ_PAYMENTS,
            "Lists orders, newest first, optionally of one contact or in one status. Amounts are"
                + " in cents. Pages of up to 50: check has_more and pass next_cursor to read on.",
            Schemas.paged(
                    Schemas.object()
                        .optional("contact_id", Schemas.id("Only this contact's orders"))
                        .optional(
                            "status",
                            Schemas.enumOf(
                                "Only this status",
                                "pending",
                                "paid",
                                "failed",
                                "canceled",
                                "refunded",
                                "partially_refunded")))
                .build(),
            Schemas.page(ORDER),
            call ->
                call.list(
                    ApiCall.get("/api/v1/orders")
                        .param("contact_id", call.number("contact_id"))
                        .param("status", call.string("status")),
                    "orders")),
        tool(
            "create_payment_link",
            "Create a payment link",
            Effect.WRITE,
            Scopes.WRITE_PAYMENTS,
            "Creates a hosted checkout link for a fixed amount (cents) that you can give a"
                + " customer; no money moves until they pay. In test mode payments are simulated.",
            Schemas.object()
                .required(
                    "amount", Schemas.integer("Amount in cents (4900 = 49.00)", 1, 99_999_999))
                .required("description", Schemas.string("What is being paid for", 1000))
                .optional("currency", Schemas.string("ISO-4217 code (default usd)", 3))
                .optional("contact_id", Schemas.id("The contact it is for"))
                .build(),
            resource("A payment link with its url"),
            call ->
                call.call(
                    ApiCall.write(
                        HttpMethod.POST,
                        "/api/v1/payment-links",
                        body(call, "amount", "description", "currency", "contact_id"),
                        call.idempotencyKey(0)),
                    result ->
                        ToolResults.ok(
                            result.object(),
                            "Payment link "
                                + result.object().getValue("id")
                                + " for "
                                + result.object().getValue("amount")
                                + " cents: "
                                + result.object().getValue("url")))),
        tool(
            "get_invoice",
            "Get an invoice",
            Effect.READ,
            Scopes.READ_PAYMENTS,
            "Returns one invoice by id: lines, totals in cents, status (draft, open, paid, void,"
                + " uncollectible), due date and hosted page URL.",
            Schemas.object().required("invoice_id", Schemas.id("The invoice's id")).build(),
            resource("An invoice"),
            call ->
                call.call(
                    ApiCall.get("/api/v1/invoices/" + ApiCall.segment(call.number("invoice_id"))),
                    result ->
                        ToolResults.ok(
                            result.object(),
                            "Invoice "
                                + result.object().getValue("id")
                                + ", "
                                + result.object().getValue("status")
                                + ":\n"
                                + result.object().encode()))));
  }
}
