package dev.solid.crm.deal;

/** A deal's move from one stage to another, as {@link DealStages} recorded it. */
record StageMove(PipelineStage from, PipelineStage to) {
  /** True when the deal's status changed (open, won, lost), not just its stage. */
  boolean kindChanged() {
    return from.getKind() != to.getKind();
  }
}
