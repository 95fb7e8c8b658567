package dev.solid.crm.contact;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/crm/contacts} (create or upsert). At least one of name, email,
 * username or phone is required; the rules live in {@link ContactRules}.
 */
@Schema(
    name = "ContactUpsert",
    description =
        "A contact to create, or to merge into the contact with the same email or username")
public record ContactRequest(
    @Schema(
            description =
                "Full name; split at the first space into first/last name when those are not given",
            maxLength = 200,
            examples = "Sarah Miller")
        String name,
    @Schema(maxLength = 200) String firstName,
    @Schema(maxLength = 200) String lastName,
    @Schema(
            description = "Messenger username; a leading '@' is ignored and never stored",
            maxLength = 64,
            examples = "@sarah_miller")
        String username,
    @Schema(
            description = "Upsert key, matched case-insensitively",
            maxLength = 254,
            examples = "sarah@example.com")
        String email,
    @Schema(
            description = "E.164 after removing spaces, dashes, dots and parentheses",
            examples = "+18015551234")
        String phone,
    @Schema(
            description =
                "At most 50 tags of 1..64 characters; merged into an existing contact's tags",
            maxItems = 50)
        List<String> tags,
    @Schema(
            description =
                "At most 50 keys of [A-Za-z0-9_]{1,64} with string (≤1000 chars), number, boolean or null values; keys are merged into an existing contact's, null removes a key")
        Map<String, Object> customFields) {}
