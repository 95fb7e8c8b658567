package dev.solid.crm.contact;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /api/v1/crm/contacts/{id}}. A field left out leaves the contact's value
 * alone, a field sent as {@code null} clears it; Java null alone cannot tell the two apart, so the
 * resource also passes the names of the fields the JSON carried.
 */
@Schema(
    name = "ContactPatch",
    description = "Fields to change; omitted fields stay as they are, null clears a field")
public record ContactPatch(
    @Schema(maxLength = 200) String name,
    @Schema(maxLength = 200) String firstName,
    @Schema(maxLength = 200) String lastName,
    @Schema(maxLength = 64) String username,
    @Schema(maxLength = 254) String email,
    String phone,
    @Schema(description = "Replaces the contact's tags", maxItems = 50) List<String> tags,
    @Schema(description = "Merged into the contact's custom fields; null removes a key")
        Map<String, Object> customFields) {}
