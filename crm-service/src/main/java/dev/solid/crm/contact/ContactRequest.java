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
 * Body of {@code POST /api/v1/crm/contacts} (create or upsert). The constraints say what each field
 * may hold (the error words are crm's published ones); {@link ContactRules} adds what annotations
 * cannot say: at least one of name, email, username or phone, the name derived from its parts, and
 * the normalized forms that are stored. Surrounding whitespace is dropped and blank text is "not
 * given", as it always was.
 */
@Schema(
    name = "ContactUpsert",
    description =
        "A contact to create, or to merge into the contact with the same email or username")
public record ContactRequest(
    @Schema(
            description =
                "Full name; split at the first space into first/last name when those are not given",
            examples = "Sarah Miller")
        @Size(max = MAX_NAME, message = "too_long")
        String name,
    @Size(max = MAX_NAME, message = "too_long") String firstName,
    @Size(max = MAX_NAME, message = "too_long") String lastName,
    @Schema(
            description =
                "Messenger username of letters, digits, '_', '.' and '-'; a leading '@' is ignored"
                    + " and never stored",
            pattern = "^@?[A-Za-z0-9_.-]{1,64}$",
            examples = "@sarah_miller")
        @Pattern(regexp = ContactRules.USERNAME_LENGTH, message = "too_long")
        @Pattern(regexp = ContactRules.USERNAME_CHARACTERS, message = "invalid_username")
        String username,
    @Schema(
            description = "Upsert key, matched case-insensitively",
            maxLength = 254,
            examples = "sarah@example.com")
        @EmailAddress
        String email,
    @Schema(
            description =
                "E.164 (+ and up to 15 digits); spaces, dashes, dots and parentheses are ignored",
            examples = "+18015551234")
        @E164
        String phone,
    @Schema(description = "Tags of 1 to 64 characters; merged into an existing contact's tags")
        @Size(max = MAX_TAGS, message = "too_many")
        List<
                @NotBlank(message = "invalid_tag") @Size(max = MAX_TAG, message = "invalid_tag")
                String>
            tags,
    @Schema(
            description =
                "Up to 50 keys of [A-Za-z0-9_]{1,64} with string (up to 1000 characters), number,"
                    + " boolean or null values; merged into an existing contact's custom fields,"
                    + " null removes a key")
        @Size(max = MAX_CUSTOM_FIELDS, message = "too_many")
        Map<
                @Pattern(regexp = ContactRules.CUSTOM_KEY, message = "invalid_key") String,
                @CustomFieldValue Object>
            customFields) {

  public ContactRequest {
    name = ContactRules.strip(name);
    firstName = ContactRules.strip(firstName);
    lastName = ContactRules.strip(lastName);
    username = ContactRules.strip(username);
    email = ContactRules.strip(email);
    phone = ContactRules.strip(phone);
    tags = ContactRules.stripEach(tags);
  }
}
