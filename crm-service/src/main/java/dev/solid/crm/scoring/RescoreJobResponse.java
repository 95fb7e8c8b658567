package dev.solid.crm.scoring;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A rescoring job as the API shows it. */
@Schema(name = "LeadRescoreJob")
public record RescoreJobResponse(
    @Schema(examples = "7") long id,
    @Schema(
            description = "queued, running, completed, or superseded by a later rule change",
            examples = "running")
        String status,
    @Schema(description = "The version of the rules this job scores with") long rulesVersion,
    @Schema(description = "Contacts the company had when the job started") int total,
    @Schema(description = "Contacts rescored so far") int processed,
    @Schema(description = "Contacts whose score changed") int rescored,
    @Schema(description = "Contacts a lead.scored event was sent for") int announced,
    Instant createdAt,
    Instant completedAt) {}
