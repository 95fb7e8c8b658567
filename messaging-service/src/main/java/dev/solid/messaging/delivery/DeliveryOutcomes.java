package dev.solid.messaging.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.common.event.EventTypes;
import dev.solid.messaging.broadcast.JobRepository;
import dev.solid.messaging.broadcast.JobResponse;
import dev.solid.messaging.message.Message;
import dev.solid.messaging.message.MessageEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * What follows a message reaching {@code sent} or {@code failed}, in the transaction of that
 * change: its public event, and for a job's message the job's count, with {@code job.completed}
 * once the last one is in. The caller's update is conditional on the previous status, so this runs
 * once per message; the job's counter update is atomic, so exactly one finisher completes the job.
 */
@ApplicationScoped
public class DeliveryOutcomes {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final JobRepository jobs;
  private final MessageEvents events;
  private final ObjectMapper json;

  public DeliveryOutcomes(JobRepository jobs, MessageEvents events, ObjectMapper json) {
    this.jobs = jobs;
    this.events = events;
    this.json = json;
  }

  /** Records the final status of {@code done}, which the caller just set in {@code db}. */
  public Uni<Void> recorded(SqlClient db, Message done) {
    boolean sent = Message.SENT.equals(done.status());
    Uni<Void> event =
        events.message(db, sent ? EventTypes.MESSAGE_SENT : EventTypes.MESSAGE_FAILED, done);
    if (done.jobId() == null) {
      return event;
    }
    return event
        .chain(() -> jobs.recordOutcome(db, done.tenant(), done.jobId(), sent))
        .chain(
            job ->
                job != null && JobResponse.COMPLETED.equals(job.status())
                    ? jobCompleted(db, done.tenant(), job)
                    : Uni.createFrom().voidItem());
  }

  /** Emits {@code job.completed}; call only on the one change that completed the job. */
  public Uni<Void> jobCompleted(SqlClient db, Tenant tenant, JobResponse job) {
    return events.emit(db, tenant, EventTypes.JOB_COMPLETED, json.convertValue(job, MAP));
  }
}
