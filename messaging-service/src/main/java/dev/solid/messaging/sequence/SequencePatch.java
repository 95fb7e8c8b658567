package dev.solid.messaging.sequence;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /api/v1/sequences/{id}} (owner only): an omitted field stays as it is; given
 * steps replace all the steps.
 */
public record SequencePatch(
    @Schema(description = "New name") @Size(max = SequenceRequest.MAX_NAME) String name,
    @Schema(description = "Stop a contact's enrollment when they reply") Boolean stopOnReply,
    @Schema(description = "The new steps, replacing the current ones")
        @Size(min = 1, max = SequenceRequest.MAX_STEPS)
        List<@Valid StepRequest> steps) {}
