package dev.solid.crm.contact;

import java.util.List;
import java.util.Map;

/**
 * A validated, normalized upsert body. Null means "not given". {@code customFields} may hold null
 * values, which remove the key from an existing contact. {@code nameDerived} says the name was not
 * sent but made of the sent name parts, so an upsert into an existing contact recomputes it from
 * the merged parts instead of overwriting it with half a name.
 */
record ContactInput(
    String name,
    boolean nameDerived,
    String firstName,
    String lastName,
    String username,
    String email,
    String phone,
    List<String> tags,
    Map<String, Object> customFields) {}
