package dev.solid.crm.contact;

import java.util.List;
import java.util.Map;

/**
 * A validated, normalized upsert body. Null means "not given". {@code customFields} may hold null
 * values, which remove the key from an existing contact.
 */
record ContactInput(
    String name,
    String firstName,
    String lastName,
    String username,
    String email,
    String phone,
    List<String> tags,
    Map<String, Object> customFields) {}
