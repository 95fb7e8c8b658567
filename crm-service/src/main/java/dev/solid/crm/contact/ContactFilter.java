package dev.solid.crm.contact;

/**
 * What a contact list is narrowed to: {@code search} is a case-insensitive substring of name,
 * email, username or phone; {@code tag} an exact tag. Null means no filter.
 */
public record ContactFilter(String search, String tag) {
  public ContactFilter {
    search = search == null || search.isBlank() ? null : search.trim();
    tag = tag == null || tag.isBlank() ? null : tag.trim();
  }
}
