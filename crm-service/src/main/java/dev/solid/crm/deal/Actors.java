package dev.solid.crm.deal;

import dev.solid.common.caller.Caller;

/** Who made a change, as a deal's history shows it. */
final class Actors {
  private Actors() {}

  /**
   * {@code key:<id>} for an API key, {@code owner} for the company owner's session, {@code
   * oauth_client} for an MCP client the owner authorized (an OAuth grant: neither).
   */
  static String of(Caller caller) {
    if (caller.keyId() != null) {
      return "key:" + caller.keyId();
    }
    return caller.owner() ? "owner" : "oauth_client";
  }
}
