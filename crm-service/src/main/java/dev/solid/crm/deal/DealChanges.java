package dev.solid.crm.deal;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * A validated, normalized deal PATCH. A null component leaves the field alone; for the clearable
 * fields {@link Optional#empty()} clears it. {@code customFields} values may be null, which removes
 * the key.
 */
record DealChanges(
    String title,
    Long amount,
    String currency,
    Optional<Long> contactId,
    Long pipelineId,
    String stage,
    Long stageId,
    Optional<LocalDate> expectedCloseDate,
    Optional<String> salesRep,
    Optional<String> lostReason,
    Optional<Map<String, Object>> customFields) {

  /** True when the PATCH names a pipeline or a stage. */
  boolean movesStage() {
    return pipelineId != null || stage != null || stageId != null;
  }
}
