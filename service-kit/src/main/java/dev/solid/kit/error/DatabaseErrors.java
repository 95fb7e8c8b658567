package dev.solid.kit.error;

import io.vertx.pgclient.PgException;

/**
 * Recognises PostgreSQL refusals: those that are the client's fault (request bodies are checked
 * before they reach the database, {@code StrictText}; this is the last line for text that arrives
 * some other way, a JSON map's values, a path segment, so it is a 422 rather than a 500), and a
 * unique index refusing a second row, which services turn into their own answer (a 409, a retry).
 */
public final class DatabaseErrors {
  private static final String UNIQUE_VIOLATION = "23505";

  // 22021 character_not_in_repertoire (a NUL in text), 22P05 untranslatable_character (a NUL
  // escape in jsonb).
  private static final java.util.Set<String> UNSTORABLE_TEXT = java.util.Set.of("22021", "22P05");

  private DatabaseErrors() {}

  /** A unique index refused the row (SQLSTATE 23505). */
  public static boolean isUniqueViolation(Throwable e) {
    return e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  static boolean isUnstorableText(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PgException pg && UNSTORABLE_TEXT.contains(pg.getSqlState())) {
        return true;
      }
    }
    return false;
  }
}
