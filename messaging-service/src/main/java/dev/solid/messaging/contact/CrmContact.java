package dev.solid.messaging.contact;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * A contact as crm's API answers it and as crm's contact events carry it: the fields this service
 * keeps in its projection. crm's other fields (dates, score, …) are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CrmContact(
    long id,
    String name,
    String firstName,
    String lastName,
    String username,
    String email,
    String phone,
    Long telegramId,
    List<String> tags,
    Map<String, Object> customFields) {

  /** The projection's row of this contact. */
  public ProjectedContact toProjected() {
    return new ProjectedContact(
        id,
        name,
        firstName,
        lastName,
        username,
        email,
        phone,
        telegramId,
        tags == null ? List.of() : tags,
        customFields == null ? Map.of() : customFields);
  }

  /** One page of crm's contact search ({@code GET /api/v1/crm/contacts?search=…}). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Page(List<CrmContact> items) {}
}
