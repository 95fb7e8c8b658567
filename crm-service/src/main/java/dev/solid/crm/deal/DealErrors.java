package dev.solid.crm.deal;

import io.vertx.pgclient.PgException;
import org.hibernate.JDBCException;

/** Recognises the PostgreSQL refusals the deal code turns into answers (by SQLSTATE). */
final class DealErrors {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private DealErrors() {}

  /** A unique index refused the write: a race with another request, whose row now exists. */
  static boolean isUniqueViolation(Throwable failure) {
    return hasState(failure, UNIQUE_VIOLATION);
  }

  /**
   * A foreign key refused the write: a deal entered a stage that a concurrent request deleted, or a
   * stage was deleted while a concurrent request put a deal in it. Either way it is a 409 the
   * client may retry.
   */
  static boolean isForeignKeyViolation(Throwable failure) {
    return hasState(failure, FOREIGN_KEY_VIOLATION);
  }

  private static boolean hasState(Throwable failure, String state) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PgException pg && state.equals(pg.getSqlState())) {
        return true;
      }
      if (t instanceof JDBCException jdbc && state.equals(jdbc.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
