package dev.solid.crm.deal;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;

/** Turns a validated {@link DealPatch} and the names of the fields it carried into changes. */
final class DealPatches {
  private DealPatches() {}

  static DealChanges of(DealPatch body, Set<String> sent) {
    return new DealChanges(
        required(sent, "title", body.title()),
        required(sent, "amount", body.amount()),
        required(sent, "currency", body.currency()),
        clearable(sent, "contact_id", body.contactId()),
        required(sent, "pipeline_id", body.pipelineId()),
        required(sent, "stage", body.stage()),
        required(sent, "stage_id", body.stageId()),
        clearable(sent, "expected_close_date", body.expectedCloseDate()),
        clearable(sent, "sales_rep", body.salesRep()),
        clearable(sent, "lost_reason", body.lostReason()),
        clearable(
            sent,
            "custom_fields",
            body.customFields() == null ? null : new LinkedHashMap<>(body.customFields())));
  }

  /** The value of a field that cannot be cleared: null when left out, a 422 when sent as null. */
  private static <T> T required(Set<String> sent, String field, T value) {
    if (sent.contains(field) && value == null) {
      throw ApiException.validation(
          ProblemDetail.of(field, "required"), "Field '" + field + "' cannot be cleared");
    }
    return value;
  }

  /** Null when the field was left out; otherwise its value, empty for a JSON null. */
  private static <T> Optional<T> clearable(Set<String> sent, String field, T value) {
    return sent.contains(field) ? Optional.ofNullable(value) : null;
  }
}
