package dev.solid.crm.deal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/crm/pipelines}. */
@Schema(name = "PipelineCreate", description = "A pipeline and its stages, in order")
public record PipelineRequest(
    @Schema(description = "Unique in your company, case-insensitive", examples = "Renovations")
        @NotBlank
        @Size(max = PipelineRules.MAX_NAME, message = "too_long")
        String name,
    @Schema(
            description =
                "The stages in order, at least one of kind won and one of kind lost; up to 50")
        @NotNull
        @Size(min = 2, max = PipelineRules.MAX_STAGES)
        List<@NotNull @Valid StageRequest> stages) {

  public PipelineRequest {
    name = name == null ? null : name.strip();
  }
}
