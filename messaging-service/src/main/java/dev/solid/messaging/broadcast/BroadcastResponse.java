package dev.solid.messaging.broadcast;

import java.time.Instant;
import java.util.List;

/**
 * Answer to a broadcast (202): the job as {@code GET /api/v1/jobs/{id}} shows it, plus the
 * recipients that were skipped. {@code job_id} repeats {@code id} for clients that look for it.
 */
public record BroadcastResponse(
    String id,
    String jobId,
    String kind,
    String status,
    int total,
    int queued,
    int sent,
    int failed,
    List<SkippedRecipient> skipped,
    boolean livemode,
    Instant createdAt) {

  static BroadcastResponse of(JobResponse job, List<SkippedRecipient> skipped) {
    return new BroadcastResponse(
        job.id(),
        job.id(),
        job.kind(),
        job.status(),
        job.total(),
        job.queued(),
        job.sent(),
        job.failed(),
        skipped,
        job.livemode(),
        job.createdAt());
  }
}
