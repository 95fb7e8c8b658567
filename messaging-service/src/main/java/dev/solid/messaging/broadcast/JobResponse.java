package dev.solid.messaging.broadcast;

import java.time.Instant;

/**
 * A bulk job and its progress: of {@code total} messages, {@code queued} are not finished yet
 * (queued or being sent), {@code sent} went out and {@code failed} did not (skipped recipients
 * included). {@code status} is {@code running} until {@code queued} reaches 0, then {@code
 * completed}.
 */
public record JobResponse(
    String id,
    String kind,
    String status,
    int total,
    int queued,
    int sent,
    int failed,
    boolean livemode,
    Instant createdAt,
    Instant completedAt) {

  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
}
