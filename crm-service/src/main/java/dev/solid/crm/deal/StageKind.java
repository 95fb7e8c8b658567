package dev.solid.crm.deal;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a deal in a stage is; also the deal's {@code status}. Published as lower-case words. */
public enum StageKind {
  OPEN,
  WON,
  LOST;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of this wire word, or null for anything else. */
  public static StageKind of(String wire) {
    for (StageKind kind : values()) {
      if (kind.wire().equals(wire)) {
        return kind;
      }
    }
    return null;
  }

  /** Won and lost close a deal. */
  public boolean closes() {
    return this != OPEN;
  }
}
