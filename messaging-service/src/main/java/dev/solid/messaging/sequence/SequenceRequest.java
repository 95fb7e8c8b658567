package dev.solid.messaging.sequence;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/sequences} (owner only). {@code stop_on_reply} defaults to true. */
public record SequenceRequest(
    @Schema(description = "Name shown in the panel", example = "Trial onboarding")
        @NotBlank
        @Size(max = SequenceRequest.MAX_NAME)
        String name,
    @Schema(description = "Stop a contact's enrollment when they reply (default true)")
        Boolean stopOnReply,
    @Schema(description = "The steps, in order") @NotEmpty @Size(max = SequenceRequest.MAX_STEPS)
        List<@Valid StepRequest> steps) {

  /** Longest sequence name. */
  public static final int MAX_NAME = 200;

  /** Most steps of one sequence. */
  public static final int MAX_STEPS = 100;
}
