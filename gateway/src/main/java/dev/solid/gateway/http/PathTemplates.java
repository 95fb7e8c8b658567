package dev.solid.gateway.http;

/**
 * The template of a request path for metrics: every segment that names an object rather than a
 * resource ({@code 7}, a UUID, {@code evt_01J…}, {@code @sarah}) becomes {@code {id}}, so {@code
 * /api/v1/sequences/7/enroll} is counted as {@code /api/v1/sequences/{id}/enroll}. The gateway
 * forwards whole prefixes and does not know each service's templates; resource names are lower case
 * words (with '-' or '_') and versions {@code v1}, anything else is an identifier.
 */
final class PathTemplates {
  private static final int MAX_WORD = 40;

  private PathTemplates() {}

  static String of(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    StringBuilder template = new StringBuilder(path.length());
    int start = path.charAt(0) == '/' ? 1 : 0;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      String segment = path.substring(start, end);
      template.append('/').append(isWord(segment) ? segment : "{id}");
      start = end + 1;
      if (end == path.length()) {
        break;
      }
    }
    return template.toString();
  }

  private static boolean isWord(String segment) {
    if (segment.isEmpty()) {
      return true;
    }
    if (segment.length() > MAX_WORD) {
      return false;
    }
    if (segment.matches("v[0-9]{1,2}")) {
      return true;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      boolean letter = c >= 'a' && c <= 'z';
      boolean separator = i > 0 && (c == '-' || c == '_' || c == '.');
      if (!letter && !separator) {
        return false;
      }
    }
    return true;
  }
}
