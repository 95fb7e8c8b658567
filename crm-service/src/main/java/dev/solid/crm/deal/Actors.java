package dev.solid.crm.deal;

import dev.solid.common.caller.Caller;

/** Who made a change, as a deal's history shows it. */
final class Actors {
  private Actors() {}

  /** {@code key:<id>} for an API key, {@code owner} for the company owner's session. */
  static String of(Caller caller) {
    return caller.keyId() != null ? "key:" + caller.keyId() : "owner";
  }
}
