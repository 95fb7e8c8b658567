package dev.solid.messaging.sequence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.common.event.EventTypes;
import dev.solid.common.page.Page;
import dev.solid.common.page.PageRequest;
import dev.solid.messaging.account.AccountRepository;
import dev.solid.messaging.contact.ContactLookup;
import dev.solid.messaging.message.MessageEvents;
import dev.solid.messaging.message.Templates;
import dev.solid.messaging.message.TextLimits;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Sequences (owner-edited) and enrollments (start, pause, resume), with their events. */
@ApplicationScoped
public class SequenceService {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final Pool pool;
  private final SequenceRepository sequences;
  private final AccountRepository accounts;
  private final MessageEvents events;
  private final ObjectMapper json;
  private final ContactLookup lookup;

  public SequenceService(
      Pool pool,
      SequenceRepository sequences,
      AccountRepository accounts,
      MessageEvents events,
      ObjectMapper json,
      ContactLookup lookup) {
    this.lookup = lookup;
    this.pool = pool;
    this.sequences = sequences;
    this.accounts = accounts;
    this.events = events;
    this.json = json;
  }

  public Uni<SequenceResponse> create(Tenant tenant, SequenceRequest body) {
    String name = name(body.name());
    return pool.withTransaction(
        db ->
            validSteps(db, tenant, body.steps())
                .chain(
                    () ->
                        sequences.insert(
                            db,
                            tenant,
                            name,
                            body.stopOnReply() == null || body.stopOnReply(),
                            body.steps())));
  }

  /** PATCH semantics: omitted fields stay; given steps replace the steps. */
  public Uni<SequenceResponse> update(Tenant tenant, long id, SequencePatch body) {
    return pool.withTransaction(
        db ->
            sequences
                .find(db, tenant, id)
                .map(SequenceService::sequenceFound)
                .chain(
                    current -> {
                      List<StepRequest> steps =
                          body.steps() == null ? current.steps() : body.steps();
                      return validSteps(db, tenant, steps)
                          .chain(
                              () ->
                                  sequences.update(
                                      db,
                                      tenant,
                                      id,
                                      body.name() == null ? current.name() : name(body.name()),
                                      body.stopOnReply() == null
                                          ? current.stopOnReply()
                                          : body.stopOnReply(),
                                      steps));
                    }));
  }

  public Uni<SequenceResponse> get(Tenant tenant, long id) {
    return pool.withConnection(db -> sequences.find(db, tenant, id))
        .map(SequenceService::sequenceFound);
  }

  public Uni<Page<SequenceResponse>> list(Tenant tenant, PageRequest page) {
    return pool.withConnection(
        db ->
            sequences
                .count(db, tenant, "sequences", "")
                .chain(
                    total ->
                        sequences
                            .list(db, tenant, page)
                            .map(items -> Page.of(items, total, page))));
  }

  public Uni<Void> delete(Tenant tenant, long id) {
    return pool.withTransaction(db -> sequences.delete(db, tenant, id))
        .invoke(
            deleted -> {
              if (!deleted) {
                throw ApiException.notFound("Sequence");
              }
            })
        .replaceWithVoid();
  }

  /**
   * Enrolls the contact. A contact the projection does not know yet (created a moment ago, its
   * event not consumed) is asked of crm with the caller's token before the transaction, which is
   * also where an unknown contact is answered 404.
   */
  public Uni<EnrollmentResponse> enroll(
      Tenant tenant, long sequenceId, Long contactId, String bearer) {
    if (contactId == null) {
      throw ApiException.validation(
          ProblemDetail.of("contact_id", "required"), "Field 'contact_id' is required");
    }
    // The sequence first: crm is asked only for an enrollment that can happen.
    return pool.withConnection(db -> sequences.find(db, tenant, sequenceId))
        .map(SequenceService::sequenceFound)
        .chain(() -> lookup.byId(tenant, contactId, bearer))
        .invoke(
            c -> {
              if (c == null) {
                throw ApiException.notFound("Contact");
              }
            })
        .chain(
            () ->
                pool.withTransaction(
                    db ->
                        sequences
                            .find(db, tenant, sequenceId)
                            .map(SequenceService::sequenceFound)
                            .chain(
                                seq ->
                                    sequences.enroll(
                                        db,
                                        tenant,
                                        sequenceId,
                                        contactId,
                                        seq.steps().get(0).delaySeconds()))
                            .map(
                                enrollment -> {
                                  if (enrollment == null) {
                                    throw ApiException.conflict(
                                        "Contact "
                                            + contactId
                                            + " is already enrolled in sequence "
                                            + sequenceId);
                                  }
                                  return enrollment;
                                })
                            .call(
                                enrollment ->
                                    emit(db, tenant, EventTypes.SEQUENCE_STARTED, enrollment))));
  }

  public Uni<Page<EnrollmentResponse>> enrollments(
      Tenant tenant, long sequenceId, PageRequest page) {
    return pool.withConnection(
        db ->
            sequences
                .find(db, tenant, sequenceId)
                .map(SequenceService::sequenceFound)
                .chain(
                    seq ->
                        sequences.count(
                            db, tenant, "enrollments", " AND sequence_id = $3", sequenceId))
                .chain(
                    total ->
                        sequences
                            .enrollments(db, tenant, sequenceId, page)
                            .map(items -> Page.of(items, total, page))));
  }

  public Uni<EnrollmentResponse> getEnrollment(Tenant tenant, long id) {
    return pool.withConnection(db -> sequences.findEnrollment(db, tenant, id, false))
        .map(SequenceService::enrollmentFound);
  }

  public Uni<EnrollmentResponse> pause(Tenant tenant, long id) {
    return transition(tenant, id, true);
  }

  public Uni<EnrollmentResponse> resume(Tenant tenant, long id) {
    return transition(tenant, id, false);
  }

  private Uni<EnrollmentResponse> transition(Tenant tenant, long id, boolean pause) {
    return pool.withTransaction(
        db ->
            sequences
                .findEnrollment(db, tenant, id, true)
                .map(SequenceService::enrollmentFound)
                .chain(
                    current ->
                        (pause ? sequences.pause(db, tenant, id) : sequences.resume(db, tenant, id))
                            .map(
                                changed -> {
                                  if (changed == null) {
                                    throw ApiException.conflict(
                                        "Enrollment "
                                            + id
                                            + " is "
                                            + current.status()
                                            + "; only "
                                            + (pause ? "an active" : "a paused")
                                            + " enrollment can be "
                                            + (pause ? "paused" : "resumed"));
                                  }
                                  return changed;
                                }))
                .call(
                    changed ->
                        emit(
                            db,
                            tenant,
                            pause ? EventTypes.SEQUENCE_PAUSED : EventTypes.SEQUENCE_RESUMED,
                            changed)));
  }

  Uni<Void> emit(SqlClient db, Tenant tenant, String type, EnrollmentResponse enrollment) {
    return events.emit(db, tenant, type, json.convertValue(enrollment, MAP));
  }

  /**
   * What the steps' constraints cannot say: each template's variables are known ones, and each
   * step's account exists in this tenant and takes the template's length on its channel.
   */
  private Uni<Void> validSteps(SqlClient db, Tenant tenant, List<StepRequest> steps) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) == null) {
        throw ApiException.validation(
            ProblemDetail.of("steps[" + i + "]", "required"), "Step " + i + " is null");
      }
      Templates.variables("steps[" + i + "].template", steps.get(i).template());
    }
    return Multi.createFrom()
        .range(0, steps.size())
        .onItem()
        .transformToUniAndConcatenate(
            i ->
                accounts
                    .find(db, tenant, steps.get(i).accountId())
                    .invoke(
                        a -> {
                          if (a == null) {
                            throw ApiException.validation(
                                new ProblemDetail(
                                    "steps.account_id", "not_found", steps.get(i).accountId()),
                                "Account " + steps.get(i).accountId() + " does not exist");
                          }
                          TextLimits.requireFits(
                              a.channel(), "steps[" + i + "].template", steps.get(i).template());
                        }))
        .collect()
        .last()
        .replaceWithVoid();
  }

  private static String name(String name) {
    if (name == null || name.isBlank() || name.length() > SequenceRequest.MAX_NAME) {
      throw ApiException.validation(
          ProblemDetail.of("name", "required"), "Field 'name' is required (1-200 characters)");
    }
    return name.strip();
  }

  static SequenceResponse sequenceFound(SequenceResponse sequence) {
    if (sequence == null) {
      throw ApiException.notFound("Sequence");
    }
    return sequence;
  }

  static EnrollmentResponse enrollmentFound(EnrollmentResponse enrollment) {
    if (enrollment == null) {
      throw ApiException.notFound("Enrollment");
    }
    return enrollment;
  }
}
