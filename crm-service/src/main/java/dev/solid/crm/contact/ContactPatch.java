package dev.solid.crm.contact;

import static dev.solid.crm.contact.ContactRules.MAX_CUSTOM_FIELDS;
import static dev.solid.crm.contact.ContactRules.MAX_NAME;
import static dev.solid.crm.contact.ContactRules.MAX_TAG;
import static dev.solid.crm.contact.ContactRules.MAX_TAGS;

import dev.solid.kit.validation.E164;
import dev.solid.kit.validation.EmailAddress;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /api/v1/crm/contacts/{id}}, with the same constraints as {@link
 * ContactRequest}. A field left out leaves the contact's value alone, a field sent as {@code null}
 * (or blank) clears it; Java null alone cannot tell the two apart, so the resource also passes the
 * names of the fields the JSON carried.
 */
@Schema(
    name = "ContactPatch",
    description = "Fields to change; omitted fields stay as they are, null clears a field")
public record ContactPatch(
    @Size(max = MAX_NAME, message = "too_long") String name,
    @Size(max = MAX_NAME, message = "too_long") String firstName,
    @Size(max = MAX_NAME, message = "too_long") String lastName,
    @Schema(
            description = "A leading '@' is ignored and never stored",
            pattern = "^@?[A-Za-z0-9_.-]{1,64}$")
        @Pattern(regexp = ContactRules.USERNAME_LENGTH, message = "too_long")
        @Pattern(regexp = ContactRules.USERNAME_CHARACTERS, message = "invalid_username")
        String username,
    @Schema(maxLength = 254) @EmailAddress String email,
    @Schema(description = "E.164; spaces, dashes, dots and parentheses are ignored") @E164
        String phone,
    @Schema(description = "Replaces the contact's tags") @Size(max = MAX_TAGS, message = "too_many")
        List<
                @NotBlank(message = "invalid_tag") @Size(max = MAX_TAG, message = "invalid_tag")
                String>
            tags,
    @Schema(description = "Merged into the contact's custom fields; null removes a key")
        @Size(max = MAX_CUSTOM_FIELDS, message = "too_many")
        Map<
                @Pattern(regexp = ContactRules.CUSTOM_KEY, message = "invalid_key") String,
                @CustomFieldValue Object>
            customFields) {

  public ContactPatch {
    name = ContactRules.strip(name);
    firstName = ContactRules.strip(firstName);
    lastName = ContactRules.strip(lastName);
    username = ContactRules.strip(username);
    email = ContactRules.strip(email);
    phone = ContactRules.strip(phone);
    tags = ContactRules.stripEach(tags);
  }
}
