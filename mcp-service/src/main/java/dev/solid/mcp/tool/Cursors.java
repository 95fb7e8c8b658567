package dev.solid.mcp.tool;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The list tools' pagination: {@code limit} (1 to 50, default 20) and an opaque {@code cursor},
 * mapped onto the public API's limit and offset. The cursor is the next offset, encoded so that an
 * assistant passes it back rather than doing arithmetic on it.
 */
public final class Cursors {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 50;
  private static final String PREFIX = "o:";

  private Cursors() {}

  /** The page asked for; the cursor was checked by {@link ArgumentCheck} to be one of ours. */
  static Page page(Long limit, String cursor) {
    int size = limit == null ? DEFAULT_LIMIT : (int) Math.max(1, Math.min(MAX_LIMIT, limit));
    long offset = cursor == null ? 0 : offset(cursor);
    return new Page(size, offset);
  }

  static String encode(long offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** The offset a cursor stands for, or -1 when it is not a cursor this server gave. */
  static long offset(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!text.startsWith(PREFIX)) {
        return -1;
      }
      long offset = Long.parseLong(text.substring(PREFIX.length()));
      return offset < 0 ? -1 : offset;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  record Page(int limit, long offset) {}
}
