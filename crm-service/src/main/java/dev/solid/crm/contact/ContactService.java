package dev.solid.crm.contact;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.hibernate.JDBCException;

/**
 * Contact use cases. Every write runs in one {@code @WithTransaction} method here and appends its
 * events to the outbox in that same transaction: no event for a rolled-back change, no change
 * without its event.
 */
@ApplicationScoped
public class ContactService {
  private static final String UNIQUE_VIOLATION = "23505";

  private final ContactRepository contacts;
  private final ContactEvents events;

  public ContactService(ContactRepository contacts, ContactEvents events) {
    this.contacts = contacts;
    this.events = events;
  }

  @WithSession
  public Uni<Page<ContactResponse>> list(Tenant tenant, ContactFilter filter, PageRequest page) {
    return contacts
        .search(tenant, filter, page)
        .map(
            result ->
                Page.of(
                    result.items().stream().map(ContactResponse::from).toList(),
                    result.total(),
                    page));
  }

  @WithSession
  public Uni<ContactResponse> get(Tenant tenant, long id) {
    return contacts.findById(tenant, id).map(ContactService::found).map(ContactResponse::from);
  }

  /**
   * Creates the contact, or merges the body into the contact of the tenant with the same email or
   * username. Both candidates are locked ({@code FOR UPDATE}) so concurrent upserts of one contact
   * do not lose each other's tags. Two concurrent inserts of the same new email or username are
   * stopped by the unique indexes: the loser fails with a unique violation and the caller runs it
   * again (see {@link #isUniqueViolation}), when it finds the winner's row and updates it.
   */
  @WithTransaction
  public Uni<Upserted> upsert(Tenant tenant, ContactInput input) {
    Uni<Contact> byEmail =
        input.email() == null
            ? Uni.createFrom().nullItem()
            : contacts.findByEmailForUpdate(tenant, input.email());
    return byEmail.chain(
        emailMatch ->
            (input.username() == null
                    ? Uni.createFrom().<Contact>nullItem()
                    : contacts.findByUsernameForUpdate(tenant, input.username()))
                .chain(usernameMatch -> upsert(tenant, input, emailMatch, usernameMatch)));
  }

  private Uni<Upserted> upsert(
      Tenant tenant, ContactInput input, Contact emailMatch, Contact usernameMatch) {
    if (emailMatch != null
        && usernameMatch != null
        && !emailMatch.getId().equals(usernameMatch.getId())) {
      throw ApiException.conflict(
          "The email belongs to contact "
              + emailMatch.getId()
              + " and the username to contact "
              + usernameMatch.getId());
    }
    Instant now = now();
    Contact existing = emailMatch != null ? emailMatch : usernameMatch;
    if (existing != null) {
      List<String> tagsBefore = existing.getTags();
      merge(existing, input, now);
      return contacts
          .flush()
          .replaceWith(() -> ContactResponse.from(existing))
          .call(updated -> events.updated(tenant, updated, tagsBefore))
          .map(updated -> new Upserted(updated, false));
    }
    Contact contact = new Contact();
    contact.setCreatedAt(now);
    merge(contact, input, now);
    return contacts
        .persist(tenant, contact)
        .map(ContactResponse::from)
        .call(created -> events.created(tenant, created))
        .map(created -> new Upserted(created, true));
  }

  /** Given fields overwrite; tags are added to the existing ones; custom field keys merged. */
  private static void merge(Contact contact, ContactInput input, Instant now) {
    setIfGiven(input.firstName(), contact::setFirstName);
    setIfGiven(input.lastName(), contact::setLastName);
    if (input.nameDerived()) {
      // Only a part was sent ({"first_name":"Sarah"}): keep the other part and rebuild the name.
      String joined = ContactRules.joinName(contact.getFirstName(), contact.getLastName());
      contact.setName(
          joined.length() > ContactRules.MAX_NAME
              ? joined.substring(0, ContactRules.MAX_NAME)
              : joined);
    } else {
      setIfGiven(input.name(), contact::setName);
    }
    setIfGiven(input.username(), contact::setUsername);
    setIfGiven(input.email(), contact::setEmail);
    setIfGiven(input.phone(), contact::setPhone);
    if (input.tags() != null) {
      contact.setTags(ContactRules.mergeTags(contact.getTags(), input.tags()));
    }
    if (input.customFields() != null) {
      contact.setCustomFields(
          ContactRules.mergeCustomFields(contact.getCustomFields(), input.customFields()));
    }
    contact.setUpdatedAt(now);
  }

  /**
   * Applies a PATCH. Changing the email or username to one another contact of the tenant has is a
   * 409; the unique indexes catch the same race between two requests (see {@link
   * #isUniqueViolation}).
   */
  @WithTransaction
  public Uni<ContactResponse> update(Tenant tenant, long id, ContactChanges changes) {
    return contacts
        .findByIdForUpdate(tenant, id)
        .map(ContactService::found)
        .call(contact -> requireFree(tenant, contact, changes))
        .chain(
            contact -> {
              List<String> tagsBefore = contact.getTags();
              apply(contact, changes);
              return contacts
                  .flush()
                  .replaceWith(() -> ContactResponse.from(contact))
                  .call(updated -> events.updated(tenant, updated, tagsBefore));
            });
  }

  private Uni<Void> requireFree(Tenant tenant, Contact contact, ContactChanges changes) {
    String email = value(changes.email());
    String username = value(changes.username());
    Uni<Contact> emailOwner =
        email == null
            ? Uni.createFrom().nullItem()
            : contacts.findOtherByEmail(tenant, email, contact.getId());
    return emailOwner
        .invoke(
            other -> {
              if (other != null) {
                throw ApiException.conflict("Another contact already has this email");
              }
            })
        .chain(
            ignored ->
                username == null
                    ? Uni.createFrom().<Contact>nullItem()
                    : contacts.findOtherByUsername(tenant, username, contact.getId()))
        .invoke(
            other -> {
              if (other != null) {
                throw ApiException.conflict("Another contact already has this username");
              }
            })
        .replaceWithVoid();
  }

  private static void apply(Contact contact, ContactChanges changes) {
    setIfSent(changes.name(), contact::setName);
    setIfSent(changes.firstName(), contact::setFirstName);
    setIfSent(changes.lastName(), contact::setLastName);
    setIfSent(changes.username(), contact::setUsername);
    setIfSent(changes.email(), contact::setEmail);
    setIfSent(changes.phone(), contact::setPhone);
    if (changes.tags() != null) {
      contact.setTags(changes.tags().orElse(List.of()));
    }
    if (changes.customFields() != null) {
      contact.setCustomFields(
          changes
              .customFields()
              .map(fields -> ContactRules.mergeCustomFields(contact.getCustomFields(), fields))
              .orElse(Map.of()));
    }
    if (!contact.hasIdentifier()) {
      throw ContactRules.identifierRequired(
          "A contact keeps at least one of 'name', 'email', 'username' or 'phone'");
    }
    contact.setUpdatedAt(now());
  }

  @WithTransaction
  public Uni<Void> delete(Tenant tenant, long id) {
    return contacts
        .findByIdForUpdate(tenant, id)
        .map(ContactService::found)
        .call(contact -> contacts.delete(tenant, contact))
        .chain(contact -> events.deleted(tenant, contact.getId()));
  }

  /**
   * True when a write failed on one of the unique indexes (PostgreSQL SQLSTATE 23505). The
   * transaction is then rolled back as a whole; an upsert is safe to run again, a PATCH is a 409.
   */
  public static boolean isUniqueViolation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
        return true;
      }
      if (t instanceof JDBCException jdbc && UNIQUE_VIOLATION.equals(jdbc.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static Contact found(Contact contact) {
    if (contact == null) {
      throw ApiException.notFound("Contact");
    }
    return contact;
  }

  private static void setIfGiven(String value, Consumer<String> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  private static void setIfSent(Optional<String> value, Consumer<String> setter) {
    if (value != null) {
      setter.accept(value.orElse(null));
    }
  }

  private static String value(Optional<String> change) {
    return change == null ? null : change.orElse(null);
  }

  // PostgreSQL keeps microseconds; truncating makes the response equal what a later GET returns.
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /** The contact after an upsert, and whether it was created (201) or updated (200). */
  public record Upserted(ContactResponse contact, boolean created) {}
}
