package dev.solid.messaging.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.error.ApiException;
import dev.solid.messaging.account.Account;
import dev.solid.messaging.account.AccountRepository;
import dev.solid.messaging.account.AccountRules;
import dev.solid.messaging.config.MessagingConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Provider webhooks. Public: the gateway forwards them with no internal JWT and the body untouched,
 * so nothing here trusts a caller; each request is verified against the named account's own secret
 * before anything is stored. A bad or missing signature (or an unknown account, which is reported
 * the same way so ids cannot be probed) is 401 and stores nothing.
 */
@Path("/api/v1/messaging/inbound")
@RequestScoped
@Tag(name = "Provider webhooks", description = "Inbound messages from Twilio and Telegram")
public class InboundResource {
  private final Pool pool;
  private final AccountRepository accounts;
  private final InboundService inbound;
  private final MessagingConfig config;
  private final ObjectMapper json;

  public InboundResource(
      Pool pool,
      AccountRepository accounts,
      InboundService inbound,
      MessagingConfig config,
      ObjectMapper json) {
    this.pool = pool;
    this.accounts = accounts;
    this.inbound = inbound;
    this.config = config;
    this.json = json;
  }

  @POST
  @Path("twilio/{account_id}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(
      operationId = "receiveTwilioSms",
      summary = "Receive an SMS from Twilio",
      description =
          "Set this URL as the number's \"A message comes in\" webhook (HTTP POST) in the Twilio"
              + " console. Needs no API key: each request is verified with X-Twilio-Signature"
              + " (keyed by the account's auth token), and an unverified one is a 401 that"
              + " stores nothing. The message is stored once and announced as message.received.")
  @SecurityRequirements()
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_FORM_URLENCODED,
              schema =
                  @Schema(
                      type = SchemaType.OBJECT,
                      description = "Twilio's incoming-message parameters (all are signed)",
                      properties = {
                        @SchemaProperty(name = "From", description = "Sender, E.164"),
                        @SchemaProperty(name = "Body", description = "The text"),
                        @SchemaProperty(name = "MessageSid", description = "Twilio's message id")
                      })))
  @APIResponse(
      responseCode = "200",
      description = "Received; an empty TwiML document (no reply)",
      content = @Content(mediaType = MediaType.TEXT_XML))
  public Uni<RestResponse<String>> twilio(
      @Parameter(description = "The SMS sender account the number belongs to", example = "7421")
          @PathParam("account_id")
          String accountId,
      String body,
      @Context HttpHeaders headers,
      @Context UriInfo uri) {
    Map<String, List<String>> params = parseForm(body);
    String url = publicUrl(headers, uri);
    String signature = headers.getHeaderString("X-Twilio-Signature");
    return account(accountId, Account.SMS)
        .chain(
            account -> {
              if (!TwilioSignature.matches(
                  account.credential("auth_token"), url, params, signature)) {
                throw unverified();
              }
              String from = first(params, "From");
              String text = Objects.requireNonNullElse(first(params, "Body"), "");
              String sid = first(params, "MessageSid");
              if (from == null || sid == null) {
                throw ApiException.badRequest("From and MessageSid are required");
              }
              return inbound.receive(
                  account,
                  new InboundMessage(
                      AccountRules.recipient(Account.SMS, "From", from),
                      text,
                      sid,
                      null,
                      null,
                      null,
                      null));
            })
        // Twilio accepts an empty TwiML document as "no reply".
        .map(
            ignored ->
                RestResponse.ResponseBuilder.ok("<Response/>", MediaType.TEXT_XML_TYPE).build());
  }

  @POST
  @Path("telegram/{account_id}")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      operationId = "receiveTelegramUpdate",
      summary = "Receive a Telegram bot update",
      description =
          "Register this URL with Telegram's setWebhook and the account's webhook_secret as"
              + " secret_token. Needs no API key: each request is verified with"
              + " X-Telegram-Bot-Api-Secret-Token, and an unverified one is a 401 that stores"
              + " nothing. A text message is stored once and announced as message.received; other"
              + " updates are acknowledged and ignored.")
  @SecurityRequirements()
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema =
                  @Schema(
                      type = SchemaType.OBJECT,
                      description = "A Telegram Bot API Update object")))
  @APIResponse(
      responseCode = "200",
      description = "Received",
      content = @Content(mediaType = MediaType.APPLICATION_JSON))
  public Uni<RestResponse<String>> telegram(
      @Parameter(description = "The Telegram sender account of the bot", example = "7421")
          @PathParam("account_id")
          String accountId,
      String body,
      @Context HttpHeaders headers) {
    String secret = headers.getHeaderString("X-Telegram-Bot-Api-Secret-Token");
    return account(accountId, Account.TELEGRAM)
        .chain(
            account -> {
              if (secret == null
                  || !TwilioSignature.constantTimeEquals(
                      account.credential("webhook_secret"), secret)) {
                throw unverified();
              }
              JsonNode update;
              try {
                update = json.readTree(body);
              } catch (Exception e) {
                throw ApiException.badRequest("Malformed JSON in request body");
              }
              JsonNode message = update.path("message");
              if (!message.isObject() || !message.path("text").isTextual()) {
                return Uni.createFrom().voidItem(); // not a text message: nothing to store
              }
              JsonNode from = message.path("from");
              String username = from.path("username").asText(null);
              String sender = username != null ? username : from.path("id").asText();
              // Kept even when there is a username: the bot can only ever message the user by
              // this id (InboundService remembers username -> id for the worker).
              Long userId = from.path("id").isIntegralNumber() ? from.path("id").asLong() : null;
              return inbound.receive(
                  account,
                  new InboundMessage(
                      sender,
                      message.path("text").asText(),
                      "upd_" + update.path("update_id").asText(),
                      username,
                      from.path("first_name").asText(null),
                      from.path("last_name").asText(null),
                      userId));
            })
        .map(
            ignored ->
                RestResponse.ResponseBuilder.ok("{}", MediaType.APPLICATION_JSON_TYPE).build());
  }

  private Uni<Account> account(String id, String channel) {
    long accountId;
    try {
      accountId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw unverified();
    }
    return pool.withConnection(db -> accounts.findForCallback(db, accountId))
        .map(
            account -> {
              if (account == null || !channel.equals(account.channel())) {
                throw unverified();
              }
              return account;
            });
  }

  /**
   * The URL the provider called, as Twilio signed it: the configured public base URL, else the
   * gateway's X-Forwarded-Proto/Host, else this request's own URL; plus path and query.
   */
  String publicUrl(HttpHeaders headers, UriInfo uri) {
    URI request = uri.getRequestUri();
    String pathAndQuery =
        request.getRawPath() + (request.getRawQuery() == null ? "" : "?" + request.getRawQuery());
    if (config.publicBaseUrl().isPresent()) {
      return stripSlash(config.publicBaseUrl().get()) + pathAndQuery;
    }
    String host = headers.getHeaderString("X-Forwarded-Host");
    if (host != null && !host.isBlank()) {
      String proto = headers.getHeaderString("X-Forwarded-Proto");
      return (proto == null || proto.isBlank() ? "https" : proto.split(",")[0].strip())
          + "://"
          + host.split(",")[0].strip()
          + pathAndQuery;
    }
    return request.toString();
  }

  private static String stripSlash(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /**
   * The form's parameters, every value of a repeated name kept in order: Twilio signs them all
   * (e.g. several MediaUrl values), so collapsing them would break the signature.
   */
  static Map<String, List<String>> parseForm(String body) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (body == null || body.isEmpty()) {
      return params;
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params
          .computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), k -> new ArrayList<>())
          .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static ApiException unverified() {
    return ApiException.unauthorized("The request signature could not be verified");
  }
}
