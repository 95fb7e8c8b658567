package dev.solid.messaging.broadcast;

import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.messaging.account.Account;
import dev.solid.messaging.account.AccountRepository;
import dev.solid.messaging.account.AccountRules;
import dev.solid.messaging.config.MessagingConfig;
import dev.solid.messaging.contact.ContactRepository;
import dev.solid.messaging.contact.ProjectedContact;
import dev.solid.messaging.delivery.DeliveryOutcomes;
import dev.solid.messaging.message.MessageService;
import dev.solid.messaging.message.Templates;
import dev.solid.messaging.message.TextLimits;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Broadcasts: one message per recipient through the normal queue, counted by a job.
 *
 * <p>Recipients come from this service's contact projection of the caller's company and mode, by
 * tag or by ids. A recipient that cannot get a message (no such contact, no address on the
 * account's channel, a template variable without a value) is <b>skipped and counted as failed</b>
 * rather than failing the whole submit with 422: one contact missing a first name should not stop a
 * broadcast to thousands, and the response lists every skipped recipient with its reason. Errors of
 * the request itself (unknown template variable, no recipients at all, too many) are still 422.
 *
 * <p>All or nothing: the daily cap is taken for every message to be queued at once, so a broadcast
 * that does not fit the account's remaining cap is refused with 429 before anything is queued; the
 * job, the messages and their delivery commands commit in one transaction.
 */
@ApplicationScoped
public class BroadcastService {
  public static final String KIND = "broadcast";

  private final Pool pool;
  private final AccountRepository accounts;
  private final ContactRepository contacts;
  private final MessageService messages;
  private final JobRepository jobs;
  private final DeliveryOutcomes outcomes;
  private final MessagingConfig config;

  public BroadcastService(
      Pool pool,
      AccountRepository accounts,
      ContactRepository contacts,
      MessageService messages,
      JobRepository jobs,
      DeliveryOutcomes outcomes,
      MessagingConfig config) {
    this.pool = pool;
    this.accounts = accounts;
    this.contacts = contacts;
    this.messages = messages;
    this.jobs = jobs;
    this.outcomes = outcomes;
    this.config = config;
  }

  /** One recipient's message, ready to queue. */
  record Recipient(long contactId, String address, String text) {}

  /** Who gets a message and who is skipped. */
  record Plan(List<Recipient> recipients, List<SkippedRecipient> skipped) {
    int total() {
      return recipients.size() + skipped.size();
    }
  }

  /** {@code POST /api/v1/messages/broadcast}. */
  public Uni<BroadcastResponse> broadcast(Tenant tenant, BroadcastRequest body) {
    String text = body.text();
    Templates.variables("text", text); // an unknown variable is the request's error: 422 now
    int max = config.broadcast().maxRecipients();
    List<Long> ids = requestedIds(body, max);
    return pool.withTransaction(
        db ->
            accounts
                .find(db, tenant, body.accountId())
                .map(MessageService::accountFound)
                .invoke(account -> TextLimits.requireFits(account.channel(), "text", text))
                .chain(
                    account ->
                        candidates(db, tenant, body.tag(), ids, max)
                            .map(found -> plan(account.channel(), text, ids, found))
                            .chain(plan -> queue(db, account, plan))));
  }

  /** The deduplicated contact ids asked for, or null for a broadcast by tag. */
  static List<Long> requestedIds(BroadcastRequest body, int max) {
    boolean byTag = body.tag() != null;
    if (byTag == (body.contactIds() != null)) {
      throw ApiException.validation(
          ProblemDetail.of("tag", "exactly_one_of_tag_contact_ids"),
          "Give exactly one of 'tag' and 'contact_ids'");
    }
    if (byTag) {
      if (body.tag().isBlank()) {
        throw ApiException.validation(
            ProblemDetail.of("tag", "required"), "Field 'tag' must not be blank");
      }
      return null;
    }
    if (body.contactIds().contains(null)) {
      throw ApiException.validation(
          ProblemDetail.of("contact_ids", "invalid_value"),
          "Field 'contact_ids' must hold contact ids only");
    }
    List<Long> ids = List.copyOf(new LinkedHashSet<>(body.contactIds()));
    if (ids.isEmpty()) {
      throw noRecipients("Field 'contact_ids' is empty");
    }
    if (ids.size() > max) {
      throw tooManyRecipients(ids.size(), max);
    }
    return ids;
  }

  private Uni<List<ProjectedContact>> candidates(
      SqlClient db, Tenant tenant, String tag, List<Long> ids, int max) {
    if (ids != null) {
      return contacts.findByIds(db, tenant, ids);
    }
    // One more than allowed tells "too many" without counting them all.
    return contacts
        .findByTag(db, tenant, tag.strip(), max + 1)
        .invoke(
            found -> {
              if (found.isEmpty()) {
                throw noRecipients("No contact has the tag '" + tag.strip() + "'");
              }
              if (found.size() > max) {
                throw tooManyRecipients("more than " + max, max);
              }
            });
  }

  /**
   * Decides, per recipient, the address on the account's channel and the rendered text, or why it
   * is skipped. Pure: {@code ids} (null for a tag) keeps the caller's order and reports ids that
   * are not in the projection.
   */
  static Plan plan(String channel, String text, List<Long> ids, List<ProjectedContact> found) {
    Map<Long, ProjectedContact> byId =
        found.stream().collect(Collectors.toMap(ProjectedContact::id, Function.identity()));
    List<Long> order = ids != null ? ids : found.stream().map(ProjectedContact::id).toList();
    List<Recipient> recipients = new ArrayList<>();
    List<SkippedRecipient> skipped = new ArrayList<>();
    for (Long id : order) {
      ProjectedContact contact = byId.get(id);
      if (contact == null) {
        skipped.add(new SkippedRecipient(id, "contact_not_found", null));
        continue;
      }
      String raw = contact.address(Account.SMS.equals(channel));
      if (raw == null || raw.isBlank()) {
        skipped.add(
            new SkippedRecipient(
                id, "no_address", Account.SMS.equals(channel) ? "phone" : "username"));
        continue;
      }
      String address;
      try {
        address = AccountRules.recipient(channel, "to", raw);
      } catch (ApiException e) {
        skipped.add(new SkippedRecipient(id, "invalid_address", raw));
        continue;
      }
      try {
        recipients.add(new Recipient(id, address, Templates.render("text", text, contact)));
      } catch (ApiException e) {
        Object missing = e.details().isEmpty() ? null : e.details().get(0).received();
        skipped.add(
            new SkippedRecipient(
                id, "missing_variable", missing == null ? null : missing.toString()));
      }
    }
    return new Plan(recipients, skipped);
  }

  private Uni<BroadcastResponse> queue(SqlClient db, Account account, Plan plan) {
    Tenant tenant = account.tenant();
    Uni<Void> cap =
        plan.recipients().isEmpty()
            ? Uni.createFrom().voidItem()
            : messages.requireCap(db, account, plan.recipients().size());
    return cap.chain(() -> jobs.insert(db, tenant, KIND, plan.total(), plan.skipped().size()))
        .call(
            job ->
                Multi.createFrom()
                    .iterable(plan.recipients())
                    .onItem()
                    .transformToUniAndConcatenate(
                        r ->
                            messages.enqueue(
                                db, account, r.address(), r.contactId(), r.text(), job.id(), null))
                    .collect()
                    .last())
        .call(
            job ->
                JobResponse.COMPLETED.equals(job.status())
                    ? outcomes.jobCompleted(db, tenant, job) // every recipient was skipped
                    : Uni.createFrom().voidItem())
        .map(job -> BroadcastResponse.of(job, plan.skipped()));
  }

  private static ApiException noRecipients(String message) {
    return ApiException.validation(ProblemDetail.of("recipients", "no_recipients"), message);
  }

  private static ApiException tooManyRecipients(Object received, int max) {
    return ApiException.validation(
        new ProblemDetail("recipients", "too_many_recipients", received),
        "A broadcast reaches at most " + max + " recipients; split it into several");
  }
}
