package dev.solid.crm.contact;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated, normalized PATCH. A null component leaves the field alone; {@link Optional#empty()}
 * clears it. {@code customFields} values may be null, which removes the key.
 */
record ContactChanges(
    Optional<String> name,
    Optional<String> firstName,
    Optional<String> lastName,
    Optional<String> username,
    Optional<String> email,
    Optional<String> phone,
    Optional<List<String>> tags,
    Optional<Map<String, Object>> customFields) {}
