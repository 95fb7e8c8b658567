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
 * Messages and sender accounts ({@code /api/v1/messages}, {@code /api/v1/messaging/accounts}). One
 * message to one recipient only: sending to many (broadcasts) is not offered to assistants.
 */
@ApplicationScoped
public class MessagingTools implements ToolCatalog {
  static final JsonObject MESSAGE =
      resource("A message: direction, to, from, text, status, ...", "string");

  @Override
  public List<ToolSpec> tools() {
    return List.of(
        tool(
            "send_message",
            "Send a message",
            Effect.OPEN_WORLD_WRITE,
            Scopes.WRITE_MESSAGES,
            "Sends one message from a sender account (see list_sender_accounts) to one person: a"
                + " Telegram username or numeric id, or an E.164 phone number for an SMS account."
                + " {first_name}, {name}, {email} and {custom.<field>} are filled from the contact"
                + " it matches. It reaches a real person in live mode; a test-mode key never"
                + " dispatches anything (the message is only logged). A retried call never sends"
                + " twice.",
            Schemas.object()
                .required("account_id", Schemas.id("The sender account to send from"))
                .required(
                    "to",
                    Schemas.string(
                        "Telegram username (@sarah_miller) or numeric id, or E.164 phone (+18015551234)",
                        64))
                .required(
                    "text", Schemas.string("The text, at most 4096 characters (1600 SMS)", 4096))
                .build(),
            Schemas.object()
                .required("id", Schemas.string("The message's id"))
                .required("status", Schemas.string("queued, sent, failed, ..."))
                .required(
                    "dispatched", Schemas.bool("false in test mode: nothing left the platform"))
                .open()
                .build(),
            call ->
                call.call(
                    ApiCall.write(
                        HttpMethod.POST,
                        "/api/v1/messages/send",
                        body(call, "account_id", "to", "text"),
                        call.idempotencyKey(0)),
                    result -> {
                      JsonObject sent = result.object().copy();
                      boolean live = call.hop().livemode();
                      sent.put("dispatched", live);
                      String text =
                          live
                              ? "Message "
                                  + sent.getValue("id")
                                  + " "
                                  + sent.getValue("status")
                                  + " for delivery to "
                                  + call.string("to")
                                  + "."
                              : "TEST MODE: nothing was dispatched. Message "
                                  + sent.getValue("id")
                                  + " was logged (status "
                                  + sent.getValue("status")
                                  + ") and no one received it.";
                      return ToolResults.ok(sent, text);
                    })),
        tool(
            "list_conversation",
            "List a contact's conversation",
            Effect.READ,
            Scopes.READ_MESSAGES,
            "Lists the messages exchanged with one contact, sent and received, newest first,"
                + " optionally only one direction or one sender account. Pages of up to 50.",
            Schemas.paged(
                    Schemas.object()
                        .required("contact_id", Schemas.id("The contact"))
                        .optional("account_id", Schemas.id("Only this sender account's messages"))
                        .optional(
                            "direction",
                            Schemas.enumOf("Only one direction", "outbound", "inbound")))
                .build(),
            Schemas.page(MESSAGE),
            call ->
                call.list(
                    ApiCall.get("/api/v1/messages")
                        .param("contact_id", call.number("contact_id"))
                        .param("account_id", call.number("account_id"))
                        .param("direction", call.string("direction")),
                    "messages")),
        tool(
            "list_sender_accounts",
            "List sender accounts",
            Effect.READ,
            Scopes.READ_MESSAGES,
            "Lists the company's sender accounts (Telegram, SMS) with their ids, channel, status"
                + " and daily cap: the account_id send_message takes.",
            Schemas.paged(Schemas.object()).build(),
            Schemas.page(resource("A sender account")),
            call -> call.list(ApiCall.get("/api/v1/messaging/accounts"), "sender accounts")));
  }
}
