package dev.solid.mcp.tools;

import static dev.solid.mcp.tool.Specs.resource;
import static dev.solid.mcp.tool.Specs.tool;

import dev.solid.common.caller.Scopes;
import dev.solid.mcp.api.ApiCall;
import dev.solid.mcp.tool.Schemas;
import dev.solid.mcp.tool.ToolCall;
import dev.solid.mcp.tool.ToolCatalog;
import dev.solid.mcp.tool.ToolResults;
import dev.solid.mcp.tool.ToolSpec;
import dev.solid.mcp.tool.ToolSpec.Effect;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Contacts: search, read, upsert, tag, timeline ({@code /api/v1/crm/contacts}). */
@ApplicationScoped
public class ContactTools implements ToolCatalog {
  static final String CONTACTS = "/api/v1/crm/contacts";
  static final JsonObject CONTACT = resource("A contact: name, email, username, phone, tags, ...");

  @Override
  public List<ToolSpec> tools() {
    return List.of(
        tool(
            "search_contacts",
            "Search contacts",
            Effect.READ,
            Scopes.READ_CONTACTS,
            "Finds contacts whose name, email, username or phone contains `query`, optionally only"
                + " those with a tag or a minimum lead score, newest first or by lead score. Pages"
                + " of up to 50: check has_more and pass next_cursor to read on.",
            Schemas.paged(
                    Schemas.object()
                        .optional(
                            "query",
                            Schemas.string("Text the name, email, username or phone contains", 200))
                        .optional("tag", Schemas.string("Only contacts carrying this tag", 64))
                        .optional(
                            "min_score", Schemas.integer("Lowest lead score, 0 to 100", 0, 100))
                        .optional(
                            "sort",
                            Schemas.enumOf(
                                "Order: newest first when left out; -lead_score is hottest first",
                                "-lead_score",
                                "lead_score")))
                .build(),
            Schemas.page(CONTACT),
            call ->
                call.list(
                    ApiCall.get(CONTACTS)
                        .param("search", call.string("query"))
                        .param("tag", call.string("tag"))
                        .param("min_score", call.number("min_score"))
                        .param("sort", call.string("sort")),
                    "contacts")),
        tool(
            "get_contact",
            "Get a contact",
            Effect.READ,
            Scopes.READ_CONTACTS,
            "Returns one contact by id: name, email, username, phone, tags, custom fields and lead"
                + " score. A contact of another company, or none, is not_found.",
            Schemas.object().required("contact_id", Schemas.id("The contact's id")).build(),
            CONTACT,
            call ->
                call.call(
                    ApiCall.get(CONTACTS + "/" + ApiCall.segment(call.number("contact_id"))),
                    result -> ToolResults.ok(result.object(), describe(result.object())))),
        tool(
            "upsert_contact",
            "Create or update a contact",
            Effect.IDEMPOTENT_WRITE,
            Scopes.WRITE_CONTACTS,
            "Creates a contact, or updates the one that already has this email (case-insensitive)"
                + " or username: fields sent replace the stored ones, tags are added, custom fields"
                + " merged. Give at least one of name, email, username or phone. Answers the"
                + " contact and whether it was created.",
            Schemas.object()
                .optional("name", Schemas.string("Full name", 200))
                .optional("email", Schemas.string("Email address", 254))
                .optional("username", Schemas.string("Telegram username, e.g. @sarah_miller", 64))
                .optional(
                    "phone", Schemas.string("Phone number, E.164 preferred (+18015551234)", 32))
                .optional("tags", Schemas.strings("Tags to add", 50, 64))
                .optional(
                    "custom_fields",
                    Schemas.anyObject("Custom fields to merge; a null value removes a key"))
                .build(),
            Schemas.object()
                .required("contact", CONTACT)
                .required("created", Schemas.bool("true when a new contact was created"))
                .build(),
            ContactTools::upsert),
        tool(
                "tag_contact",
                "Tag a contact",
                Effect.IDEMPOTENT_WRITE,
                Scopes.WRITE_CONTACTS,
                "Adds tags to a contact, keeping the tags it has (use it to segment: 'trial',"
                    + " 'webinar-2026'). Reads the contact first.",
                Schemas.object()
                    .required("contact_id", Schemas.id("The contact's id"))
                    .required(
                        "tags", Schemas.strings("Tags to add, 1 to 64 characters each", 50, 64))
                    .build(),
                CONTACT,
                ContactTools::tag)
            .alsoNeeding(Scopes.READ_CONTACTS),
        tool(
            "get_contact_timeline",
            "Get a contact's timeline",
            Effect.READ,
            Scopes.READ_CONTACTS,
            "Lists what happened with a contact, newest first: messages sent and received,"
                + " activities, deals and orders. Pages of up to 50.",
            Schemas.paged(Schemas.object().required("contact_id", Schemas.id("The contact's id")))
                .build(),
            Schemas.page(Schemas.anyObject("One timeline entry")),
            call ->
                call.list(
                    ApiCall.get(
                        CONTACTS + "/" + ApiCall.segment(call.number("contact_id")) + "/timeline"),
                    "timeline entries")));
  }

  private static Uni<ToolResponse> upsert(ToolCall call) {
    JsonObject body = new JsonObject();
    for (String field : List.of("name", "email", "username", "phone", "tags", "custom_fields")) {
      if (call.args().containsKey(field)) {
        body.put(field, call.args().getValue(field));
      }
    }
    return call.call(
        ApiCall.write(HttpMethod.POST, CONTACTS, body, call.idempotencyKey(0)),
        result -> {
          boolean created = result.status() == 201;
          JsonObject contact = result.object();
          return ToolResults.ok(
              new JsonObject().put("contact", contact).put("created", created),
              (created ? "Created " : "Updated ") + describe(contact));
        });
  }

  private static Uni<ToolResponse> tag(ToolCall call) {
    String path = CONTACTS + "/" + ApiCall.segment(call.number("contact_id"));
    return call.send(ApiCall.get(path))
        .flatMap(
            found -> {
              if (!found.ok()) {
                return Uni.createFrom().item(ToolResults.problem(found));
              }
              Set<String> tags = new LinkedHashSet<>();
              found
                  .object()
                  .getJsonArray("tags", new JsonArray())
                  .forEach(t -> tags.add((String) t));
              int before = tags.size();
              call.array("tags").forEach(t -> tags.add((String) t));
              if (tags.size() == before) {
                return Uni.createFrom()
                    .item(
                        ToolResults.ok(
                            found.object(), "Already tagged: " + describe(found.object())));
              }
              JsonObject patch = new JsonObject().put("tags", new JsonArray(List.copyOf(tags)));
              return call.call(
                  ApiCall.write(HttpMethod.PATCH, path, patch, call.idempotencyKey(0)),
                  result -> ToolResults.ok(result.object(), "Tagged " + describe(result.object())));
            });
  }

  static String describe(JsonObject contact) {
    StringBuilder text = new StringBuilder("contact ").append(contact.getValue("id"));
    for (String field : List.of("name", "email", "username", "phone")) {
      if (contact.getValue(field) != null) {
        text.append(", ").append(field).append(' ').append(contact.getValue(field));
      }
    }
    JsonArray tags = contact.getJsonArray("tags");
    if (tags != null && !tags.isEmpty()) {
      text.append(", tags ").append(String.join(", ", tags.getList()));
    }
    return text.append('.').toString();
  }
}
