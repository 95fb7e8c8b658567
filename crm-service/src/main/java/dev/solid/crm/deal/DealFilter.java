package dev.solid.crm.deal;

import java.time.LocalDate;

/**
 * What a deal list is narrowed to; null means no filter. {@code stage} is a stage name
 * (case-insensitive, in any pipeline unless {@code pipelineId} is given), {@code search} a
 * case-insensitive substring of the title; amounts and close dates are inclusive bounds.
 */
public record DealFilter(
    Long pipelineId,
    String stage,
    StageKind status,
    Long contactId,
    String salesRep,
    String search,
    Long minAmount,
    Long maxAmount,
    LocalDate closeBefore,
    LocalDate closeAfter) {

  /** Deals of one contact. */
  static DealFilter ofContact(long contactId) {
    return new DealFilter(null, null, null, contactId, null, null, null, null, null, null);
  }
}
