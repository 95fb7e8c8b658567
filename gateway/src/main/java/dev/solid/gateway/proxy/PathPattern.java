package dev.solid.gateway.proxy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A path a route answers: a prefix ({@code /api/v1/crm} matches itself and everything below it) or
 * a template with {@code {name}} segments ({@code /api/v1/auth/keys/{id}}).
 */
public final class PathPattern {
  private final String text;
  private final boolean prefix;
  private final String[] segments;

  private PathPattern(String text, boolean prefix) {
    this.text = text;
    this.prefix = prefix;
    this.segments = text.substring(1).split("/");
  }

  public static PathPattern prefix(String path) {
    return new PathPattern(path, true);
  }

  public static PathPattern template(String path) {
    return new PathPattern(path, false);
  }

  public String text() {
    return text;
  }

  public boolean isPrefix() {
    return prefix;
  }

  /** The captured template variables when the path matches. */
  public Optional<Map<String, String>> match(String path) {
    if (prefix) {
      return path.equals(text) || path.startsWith(text + "/")
          ? Optional.of(Map.of())
          : Optional.empty();
    }
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length != segments.length) {
      return Optional.empty();
    }
    Map<String, String> variables = new HashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String segment = segments[i];
      if (segment.startsWith("{") && segment.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return Optional.empty();
        }
        variables.put(segment.substring(1, segment.length() - 1), parts[i]);
      } else if (!segment.equals(parts[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(variables);
  }
}
