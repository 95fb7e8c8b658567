package dev.solid.crm.deal;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline rules annotations cannot express, as pure functions over the stage list a request
 * asks for: a new stage has a name and a probability, names are unique in the pipeline
 * (case-insensitive), an existing stage is listed once, and a pipeline keeps at least one won and
 * one lost stage. What a single field may hold is on {@link PipelineRequest} and {@link
 * StageRequest}.
 */
final class PipelineRules {
  static final int MAX_NAME = 100;
  static final int MAX_STAGES = 50;

  /** Name of the pipeline every company starts with. */
  static final String DEFAULT_NAME = "Sales Pipeline";

  /** The stages of the default pipeline, in order. */
  static final List<StageRequest> DEFAULT_STAGES =
      List.of(
          new StageRequest(null, "New", 10, "open"),
          new StageRequest(null, "Qualified", 25, "open"),
          new StageRequest(null, "Proposal", 50, "open"),
          new StageRequest(null, "Negotiation", 75, "open"),
          new StageRequest(null, "Won", 100, "won"),
          new StageRequest(null, "Lost", 0, "lost"));

  private PipelineRules() {}

  /**
   * The stages a request asks for, each an existing stage changed (by id) or a new one, checked as
   * a whole. {@code existing} are the pipeline's current stages by id (empty for a new pipeline).
   */
  static List<StagePlan> plan(List<StageRequest> requested, Map<Long, PipelineStage> existing) {
    List<ProblemDetail> problems = new ArrayList<>();
    List<StagePlan> plans = new ArrayList<>();
    Set<Long> seenIds = new HashSet<>();
    Set<String> seenNames = new HashSet<>();
    for (int i = 0; i < requested.size(); i++) {
      StageRequest stage = requested.get(i);
      String field = "stages[" + i + "]";
      PipelineStage current = stage.id() == null ? null : existing.get(stage.id());
      if (stage.id() != null && current == null) {
        problems.add(new ProblemDetail(field + ".id", "unknown_stage", stage.id()));
        continue;
      }
      if (stage.id() != null && !seenIds.add(stage.id())) {
        problems.add(new ProblemDetail(field + ".id", "duplicate_stage", stage.id()));
        continue;
      }
      String name =
          stage.name() != null ? stage.name() : current == null ? null : current.getName();
      Integer probability =
          stage.probability() != null
              ? stage.probability()
              : current == null ? null : current.getProbability();
      StageKind kind =
          stage.kind() != null
              ? StageKind.of(stage.kind())
              : current == null ? StageKind.OPEN : current.getKind();
      if (name == null) {
        problems.add(ProblemDetail.of(field + ".name", "required"));
      } else if (!seenNames.add(name.toLowerCase(Locale.ROOT))) {
        problems.add(new ProblemDetail(field + ".name", "duplicate_name", name));
      }
      if (probability == null) {
        problems.add(ProblemDetail.of(field + ".probability", "required"));
      }
      plans.add(new StagePlan(current, name, probability == null ? 0 : probability, kind, i));
    }
    if (problems.isEmpty()) {
      requireClosingStages(plans.stream().map(StagePlan::kind).toList(), "stages");
    }
    if (!problems.isEmpty()) {
      throw ApiException.validation(
          "Field '" + problems.get(0).field() + "' is invalid (" + problems.get(0).error() + ")",
          problems);
    }
    return plans;
  }

  /** 422 on {@code field} unless the kinds hold at least one won and one lost stage. */
  static void requireClosingStages(List<StageKind> kinds, String field) {
    for (StageKind needed : List.of(StageKind.WON, StageKind.LOST)) {
      if (!kinds.contains(needed)) {
        throw ApiException.validation(
            ProblemDetail.of(field, needed.wire() + "_stage_required"),
            "A pipeline needs at least one " + needed.wire() + " stage");
      }
    }
  }

  /**
   * One stage as a request wants it: {@code current} is the existing stage it changes (null for a
   * new one), {@code position} its index in the list.
   */
  record StagePlan(
      PipelineStage current, String name, int probability, StageKind kind, int position) {}
}
