package dev.solid.messaging.message;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.messaging.contact.ProjectedContact;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Template variables, resolved when a message is submitted: {@code {first_name}}, {@code
 * {last_name}}, {@code {name}}, {@code {email}}, {@code {custom.<field>}}. An unknown variable, a
 * variable without a contact, or a contact without that value is a 422 at submit time: a message
 * never goes out with a silent blank.
 */
public final class Templates {
  private static final Pattern VARIABLE = Pattern.compile("\\{([^{}\\s]+)}");
  private static final List<String> KNOWN = List.of("first_name", "last_name", "name", "email");

  private Templates() {}

  /** The variables the text uses, unknown ones rejected (for validating templates up front). */
  public static List<String> variables(String field, String text) {
    List<String> names = new ArrayList<>();
    List<ProblemDetail> unknown = new ArrayList<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      if (!KNOWN.contains(name) && !(name.startsWith("custom.") && name.length() > 7)) {
        unknown.add(new ProblemDetail(field, "unknown_variable", "{" + name + "}"));
      } else {
        names.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw ApiException.validation(
          "Unknown template variable "
              + unknown.get(0).received()
              + "; use {first_name}, {last_name}, {name}, {email} or {custom.<field>}",
          unknown);
    }
    return names;
  }

  /**
   * The text with every variable replaced by the contact's value.
   *
   * @param contact the contact the recipient matches, or null when none does
   */
  public static String render(String field, String text, ProjectedContact contact) {
    List<String> names = variables(field, text);
    if (names.isEmpty()) {
      return text;
    }
    if (contact == null) {
      throw ApiException.validation(
          new ProblemDetail(field, "no_contact_for_variables", names.get(0)),
          "The text uses template variables but the recipient matches no contact");
    }
    List<ProblemDetail> missing = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      String value = value(contact, m.group(1));
      if (value == null || value.isBlank()) {
        missing.add(new ProblemDetail(field, "missing_value", "{" + m.group(1) + "}"));
        value = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    if (!missing.isEmpty()) {
      throw ApiException.validation(
          "Contact " + contact.id() + " has no value for " + missing.get(0).received(), missing);
    }
    return out.toString();
  }

  private static String value(ProjectedContact c, String name) {
    return switch (name) {
      case "first_name" -> c.firstName();
      case "last_name" -> c.lastName();
      case "name" -> c.name();
      case "email" -> c.email();
      default -> {
        Map<String, Object> custom = c.customFields();
        Object v = custom == null ? null : custom.get(name.substring("custom.".length()));
        yield v == null ? null : v.toString();
      }
    };
  }
}
