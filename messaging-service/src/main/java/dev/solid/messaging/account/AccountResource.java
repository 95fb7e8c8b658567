package dev.solid.messaging.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solid.common.caller.Caller;
import dev.solid.common.caller.Scopes;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.messaging.message.Params;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
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

  public AccountResource(Caller caller, AccountService accounts) {
    this.caller = caller;
    this.accounts = accounts;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(operationId = "createAccount", summary = "Create a sender account (201)")
  public Uni<RestResponse<AccountResponse>> create(AccountRequest body) {
    Caller writer = caller.requireScope(Scopes.WRITE_MESSAGES);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return accounts
        .create(writer.tenant(), body)
        .map(account -> RestResponse.status(RestResponse.Status.CREATED, account));
  }

  @GET
  @Operation(operationId = "listAccounts", summary = "List sender accounts")
  public Uni<Page<AccountResponse>> list(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    Caller reader = caller.requireScope(Scopes.READ_MESSAGES);
    return accounts.list(
        reader.tenant(),
        PageRequest.of(Params.integer("limit", limit), Params.integer("offset", offset)));
  }

  @GET
  @Path("{id}")
  @Operation(operationId = "getAccount", summary = "Get a sender account")
  public Uni<AccountResponse> get(@PathParam("id") String id) {
    Caller reader = caller.requireScope(Scopes.READ_MESSAGES);
    return accounts.get(reader.tenant(), Params.id("Account", id));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateAccount",
      summary = "Update a sender account",
      description = "Omitted fields stay; provider keys are merged; the channel cannot change.")
  public Uni<AccountResponse> update(@PathParam("id") String id, ObjectNode body) {
    Caller writer = caller.requireScope(Scopes.WRITE_MESSAGES);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    return accounts.update(writer.tenant(), Params.id("Account", id), body);
  }

  @DELETE
  @Path("{id}")
  @Operation(operationId = "deleteAccount", summary = "Delete a sender account (204)")
  public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
    Caller writer = caller.requireScope(Scopes.WRITE_MESSAGES);
    return accounts
        .delete(writer.tenant(), Params.id("Account", id))
        .map(ignored -> RestResponse.noContent());
  }
}
