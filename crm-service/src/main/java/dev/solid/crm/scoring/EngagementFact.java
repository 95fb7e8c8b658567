package dev.solid.crm.scoring;

import java.time.Instant;

/** One engagement event of a contact: its kind, its detail (an activity's type) and when. */
public record EngagementFact(RuleType kind, String detail, Instant occurredAt) {}
