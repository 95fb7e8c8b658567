package dev.solid.messaging.account;

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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
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
 * Sender accounts: the Telegram or SMS identities messages go out from. Reading needs
 * read:messages, changing needs write:messages. Credentials go in, never out.
 */
@Path("/api/v1/messaging/accounts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Sender accounts", description = "Telegram and SMS accounts messages are sent from")
public class AccountResource {
  private final Caller caller;
  private final AccountService accounts;
  private final ObjectMapper json;
  private final Validator validator;

  public AccountResource(
      Caller caller, AccountService accounts, ObjectMapper json, Validator validator) {
    this.caller = caller;
    this.accounts = accounts;
    this.json = json;
    this.validator = validator;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createAccount",
      summary = "Create a sender account",
      description =
          "Adds a Telegram bot or a Twilio number to send from, with its provider credentials"
              + " (stored encrypted and never returned). The first account of a channel becomes"
              + " its default unless `default` says otherwise. Needs write:messages.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AccountRequest.class),
              examples = {
                @ExampleObject(
                    name = "telegram",
                    summary = "A Telegram bot",
                    value =
                        "{\"channel\": \"telegram\", \"sender\": \"@solid_bot\","
                            + " \"provider\": {\"bot_token\": \"123456:ABC-DEF\","
                            + " \"webhook_secret\": \"a-long-random-secret\"},"
                            + " \"daily_cap\": 50}"),
                @ExampleObject(
                    name = "sms",
                    summary = "A Twilio number",
                    value =
                        "{\"channel\": \"sms\", \"sender\": \"+18015550000\","
                            + " \"provider\": {\"account_sid\": \"AC0123456789abcdef\","
                            + " \"auth_token\": \"your-auth-token\"}}")
              }))
  @APIResponse(
      responseCode = "201",
      description = "The account, without its credentials",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AccountResponse.class)))
  public Uni<RestResponse<AccountResponse>> create(@Valid AccountRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_MESSAGES);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return accounts
        .create(writer.tenant(), body)
        .map(account -> RestResponse.status(RestResponse.Status.CREATED, account));
  }

  @GET
  @Operation(
      operationId = "listAccounts",
      summary = "List sender accounts",
      description = "The company's sender accounts, oldest first. Needs read:messages.")
  @APIResponse(responseCode = "200", description = "One page of accounts")
  public Uni<Page<AccountResponse>> list(
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
    Caller reader = caller.requireScope(Scopes.READ_MESSAGES);
    return accounts.list(
        reader.tenant(),
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset)));
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getAccount",
      summary = "Get a sender account",
      description =
          "The account; `provider_fields` names the credentials that are set. Needs"
              + " read:messages.")
  @APIResponse(
      responseCode = "200",
      description = "The account",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AccountResponse.class)))
  public Uni<AccountResponse> get(
      @Parameter(description = "Account id", example = "7421") @PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_MESSAGES);
    return accounts.get(reader.tenant(), Params.id("Account", id));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateAccount",
      summary = "Update a sender account",
      description =
          "Changes the fields given; omitted fields stay. Provider credentials given are merged"
              + " into the stored ones. The channel cannot change. Needs write:messages.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AccountPatch.class),
              examples =
                  @ExampleObject(
                      name = "cap",
                      summary = "Raise the daily cap and make it the default",
                      value = "{\"daily_cap\": 200, \"default\": true}")))
  @APIResponse(
      responseCode = "200",
      description = "The account as changed",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AccountResponse.class)))
  public Uni<AccountResponse> update(
      @Parameter(description = "Account id", example = "7421") @PathParam("id") String id,
      ObjectNode body)
      throws JsonProcessingException {
    Caller writer = caller.requireScope(Scopes.WRITE_MESSAGES);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return accounts.update(writer.tenant(), Params.id("Account", id), patch(body));
  }

  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "deleteAccount",
      summary = "Delete a sender account",
      description =
          "Removes the account; its messages stay, and queued ones fail as account_deleted."
              + " Needs write:messages.")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Uni<RestResponse<Void>> delete(
      @Parameter(description = "Account id", example = "7421") @PathParam("id") String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_MESSAGES);
    return accounts
        .delete(writer.tenant(), Params.id("Account", id))
        .map(ignored -> RestResponse.noContent());
  }

  /**
   * The PATCH body as a checked {@link AccountPatch}. Read as a tree first, because only the tree
   * tells a field that is absent from one that is unknown (refused, as is {@code channel}); then
   * bound with the platform's strict JSON rules and validated like any request record.
   */
  private AccountPatch patch(ObjectNode body) throws JsonProcessingException {
    if (body.has("channel")) {
      throw ApiException.validation(
          ProblemDetail.of("channel", "immutable"), "Field 'channel' cannot be changed");
    }
    body.fieldNames()
        .forEachRemaining(
            field -> {
              if (!AccountPatch.FIELDS.contains(field)) {
                String name = field.length() > 100 ? field.substring(0, 100) + "…" : field;
                throw ApiException.validation(
                    ProblemDetail.of(name, "unknown_field"), "Unknown field '" + name + "'");
              }
            });
    // A value of the wrong type or with a NUL character fails here, as it would in any body.
    AccountPatch patch = json.treeToValue(body, AccountPatch.class);
    Set<ConstraintViolation<AccountPatch>> violations = validator.validate(patch);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    return patch;
  }
}
