package dev.solid.messaging.sequence;

import dev.solid.messaging.message.TextLimits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One step of a sequence: wait {@code delay_seconds} after the previous step, then send. */
public record StepRequest(
    @Schema(
            description =
                "Seconds to wait after the previous step (after the enrollment for the first"
                    + " step), at most ten years",
            example = "86400")
        @NotNull
        @PositiveOrZero
        @Max(StepRequest.MAX_DELAY_SECONDS)
        Long delaySeconds,
    @Schema(description = "The sender account of this step", example = "7421") @NotNull
        Long accountId,
    @Schema(
            description =
                "The text, with template variables such as {first_name}; at most 4096 characters"
                    + " (1600 for an SMS account)",
            example = "Hi {first_name}, how is your trial going?")
        @NotBlank
        @Size(max = TextLimits.TELEGRAM)
        String template) {

  /**
   * Ten years: a longer delay is a mistake, and an unbounded one overflows PostgreSQL's interval.
   */
  public static final long MAX_DELAY_SECONDS = 10L * 366 * 24 * 3600;
}
