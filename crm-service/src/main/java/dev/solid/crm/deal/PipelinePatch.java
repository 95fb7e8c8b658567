package dev.solid.crm.deal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /api/v1/crm/pipelines/{id}}: fields left out (or null) stay as they are.
 * {@code stages}, when sent, is the pipeline's whole new stage list: listed stages are changed and
 * put in the list's order, stages without an id are added, and stages left out are deleted (a 409
 * when one still holds deals; move them first with the stage's DELETE and {@code move_deals_to}).
 */
@Schema(name = "PipelineUpdate", description = "Fields to change; omitted fields stay as they are")
public record PipelinePatch(
    @Size(max = PipelineRules.MAX_NAME, message = "too_long")
        @Pattern(regexp = "(?s).*\\S.*", message = "required")
        String name,
    @Schema(description = "The whole new stage list, in order")
        @Size(min = 2, max = PipelineRules.MAX_STAGES)
        List<@NotNull @Valid StageRequest> stages) {

  public PipelinePatch {
    name = name == null ? null : name.strip();
  }
}
