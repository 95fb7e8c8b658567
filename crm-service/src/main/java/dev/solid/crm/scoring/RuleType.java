package dev.solid.crm.scoring;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of scoring rule, by their published names. Fit rules look at the contact's own
 * properties; engagement rules give points per event of their kind, decaying with age.
 */
public enum RuleType {
  HAS_EMAIL("has_email", false),
  HAS_PHONE("has_phone", false),
  HAS_TAG("has_tag", false),
  CUSTOM_FIELD_EQUALS("custom_field_equals", false),
  CUSTOM_FIELD_CONTAINS("custom_field_contains", false),
  /** The email's domain is not a free-mail domain ({@link FreeMailDomains}). */
  BUSINESS_EMAIL("business_email", false),
  /** The email's domain is a free-mail domain. */
  FREE_EMAIL("free_email", false),
  MESSAGE_RECEIVED("message_received", true),
  MESSAGE_SENT("message_sent", true),
  /** An activity was logged for the contact; {@code activity_type} narrows it to one type. */
  ACTIVITY_LOGGED("activity_logged", true),
  DEAL_CREATED("deal_created", true),
  ORDER_PAID("order_paid", true);

  private final String wire;
  private final boolean engagement;

  RuleType(String wire, boolean engagement) {
    this.wire = wire;
    this.engagement = engagement;
  }

  /** The published name ({@code has_email}). */
  public String wire() {
    return wire;
  }

  /** True for rules on events, whose points decay; false for rules on the contact's properties. */
  public boolean engagement() {
    return engagement;
  }

  /** The type with this published name, if any. */
  public static Optional<RuleType> of(String wire) {
    return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
  }
}
