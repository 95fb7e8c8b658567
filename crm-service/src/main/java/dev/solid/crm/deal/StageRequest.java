package dev.solid.crm.deal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One stage in the {@code stages} list of a pipeline's create or update. Its position is its index
 * in the list. On an update an item with {@code id} changes that stage (fields left out keep their
 * value) and an item without one adds a stage; a new stage needs {@code name} and {@code
 * probability}. Checked as a list by {@link PipelineRules}.
 */
@Schema(name = "PipelineStageInput")
public record StageRequest(
    @Schema(description = "Id of an existing stage of this pipeline (updates only)", examples = "7")
        Long id,
    @Schema(description = "Unique in the pipeline, case-insensitive", examples = "Qualified")
        @Size(max = PipelineRules.MAX_NAME, message = "too_long")
        @Pattern(regexp = "(?s).*\\S.*", message = "required")
        String name,
    @Schema(description = "Chance, in percent, that a deal in this stage is won", examples = "25")
        @Min(0)
        @Max(100)
        Integer probability,
    @Schema(
            description = "open (the default for a new stage), won or lost",
            enumeration = {"open", "won", "lost"})
        @Pattern(regexp = "open|won|lost", message = "invalid_kind")
        String kind) {

  public StageRequest {
    name = name == null ? null : name.strip();
  }
}
