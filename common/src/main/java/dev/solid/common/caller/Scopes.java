package dev.solid.common.caller;

import java.util.List;
import java.util.Set;

/** Scope names of the public API. Names follow {@code verb:resource} and never change. */
public final class Scopes {
  public static final String READ_CONTACTS = "read:contacts";
  public static final String WRITE_CONTACTS = "write:contacts";
  public static final String READ_MESSAGES = "read:messages";
  public static final String WRITE_MESSAGES = "write:messages";
  public static final String READ_ANALYTICS = "read:analytics";
  public static final String MANAGE_SEQUENCES = "manage:sequences";
  public static final String MANAGE_WEBHOOKS = "manage:webhooks";
  public static final String READ_PAYMENTS = "read:payments";
  public static final String WRITE_PAYMENTS = "write:payments";
  public static final String MANAGE_KEYS = "manage:keys";
  public static final String READ_DEALS = "read:deals";
  public static final String WRITE_DEALS = "write:deals";
  public static final String READ_ACTIVITIES = "read:activities";
  public static final String WRITE_ACTIVITIES = "write:activities";

  /** Every scope a key may hold, in the order they are documented. */
  public static final List<String> ALL =
      List.of(
          READ_CONTACTS,
          WRITE_CONTACTS,
          READ_MESSAGES,
          WRITE_MESSAGES,
          READ_ANALYTICS,
          MANAGE_SEQUENCES,
          MANAGE_WEBHOOKS,
          READ_PAYMENTS,
          WRITE_PAYMENTS,
          READ_DEALS,
          WRITE_DEALS,
          READ_ACTIVITIES,
          WRITE_ACTIVITIES,
          MANAGE_KEYS);

  private static final Set<String> KNOWN = Set.copyOf(ALL);

  private Scopes() {}

  public static boolean isKnown(String scope) {
    return KNOWN.contains(scope);
  }
}
