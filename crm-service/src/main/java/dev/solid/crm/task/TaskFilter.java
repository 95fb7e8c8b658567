package dev.solid.crm.task;

import java.time.Instant;

/**
 * What a task list is narrowed to; null means no filter. {@code overdue} true keeps the tasks not
 * done whose {@code due_at} has passed, false the others.
 */
public record TaskFilter(
    String status,
    String assignee,
    Instant dueBefore,
    Boolean overdue,
    Long contactId,
    Long dealId) {}
