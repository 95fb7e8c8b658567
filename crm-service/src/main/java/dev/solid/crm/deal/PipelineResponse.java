package dev.solid.crm.deal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A pipeline as the API shows it, with its stages in order. */
@Schema(name = "Pipeline")
public record PipelineResponse(
    @Schema(examples = "3") long id,
    @Schema(enumeration = "pipeline") String object,
    boolean livemode,
    @Schema(examples = "Sales Pipeline") String name,
    @Schema(description = "The pipeline deals go to when none is named; it cannot be deleted")
        @JsonProperty("is_default")
        boolean isDefault,
    List<Stage> stages,
    Instant createdAt,
    Instant updatedAt) {

  static PipelineResponse from(Pipeline pipeline, List<PipelineStage> stages) {
    return new PipelineResponse(
        pipeline.getId(),
        "pipeline",
        pipeline.isLivemode(),
        pipeline.getName(),
        pipeline.isDefaultPipeline(),
        stages.stream().map(Stage::from).toList(),
        pipeline.getCreatedAt(),
        pipeline.getUpdatedAt());
  }

  /** A stage of a pipeline; {@code position} is its place in the pipeline, from 0. */
  @Schema(name = "PipelineStage")
  public record Stage(
      @Schema(examples = "7") long id,
      @Schema(examples = "Qualified") String name,
      @Schema(examples = "1") int position,
      @Schema(examples = "25") int probability,
      @Schema(enumeration = {"open", "won", "lost"}) StageKind kind) {

    static Stage from(PipelineStage stage) {
      return new Stage(
          stage.getId(),
          stage.getName(),
          stage.getStageOrder(),
          stage.getProbability(),
          stage.getKind());
    }
  }
}
