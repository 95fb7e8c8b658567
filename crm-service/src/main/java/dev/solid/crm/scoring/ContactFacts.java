package dev.solid.crm.scoring;

import java.util.List;
import java.util.Map;

/** The properties of a contact that fit rules look at. */
public record ContactFacts(
    String email, String phone, List<String> tags, Map<String, Object> customFields) {
  public ContactFacts {
    tags = tags == null ? List.of() : List.copyOf(tags);
    customFields =
        customFields == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(customFields));
  }
}
