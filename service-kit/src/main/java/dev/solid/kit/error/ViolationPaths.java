package dev.solid.kit.error;

import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The field a Bean Validation violation is about, named as the JSON names it and as {@link
 * JsonPaths} names Jackson's errors: {@code tags[2]} for a list element, {@code custom_fields.plan}
 * for a map value, {@code custom_fields} for a map key (the key itself is what was received).
 * Hibernate Validator's own rendering ({@code upsert.body.tags[2].<list element>}) carries the Java
 * method and parameter and the container node names, none of which a client sent.
 */
final class ViolationPaths {
  private static final int MAX_FIELD = 200;

  private ViolationPaths() {}

  static String field(Path path) {
    List<Path.Node> nodes = new ArrayList<>();
    path.forEach(nodes::add);
    // A resource method's constraint: "upsert.body.email". The method is never a field; the
    // parameter is the field only when the violation is about the parameter itself (a query value).
    nodes.removeIf(n -> n.getKind() == ElementKind.METHOD);
    if (nodes.size() > 1 && nodes.get(0).getKind() == ElementKind.PARAMETER) {
      nodes.remove(0);
    }
    StringBuilder field = new StringBuilder();
    for (Path.Node node : nodes) {
      boolean mapKey = node.getKind() == ElementKind.CONTAINER_ELEMENT && isMapKey(node);
      if (node.isInIterable() && !mapKey) {
        if (node.getIndex() != null) {
          field.append('[').append(node.getIndex()).append(']');
        } else if (node.getKey() != null) {
          appendName(field, String.valueOf(node.getKey()));
        }
      }
      if (node.getKind() != ElementKind.CONTAINER_ELEMENT
          && node.getName() != null
          && !node.getName().isEmpty()) {
        appendName(field, snakeCase(node.getName()));
      }
    }
    return field.length() > MAX_FIELD ? field.substring(0, MAX_FIELD) + "…" : field.toString();
  }

  private static boolean isMapKey(Path.Node node) {
    return "<map key>".equals(node.getName());
  }

  private static void appendName(StringBuilder field, String name) {
    if (!field.isEmpty()) {
      field.append('.');
    }
    field.append(name);
  }

  static String snakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }
}
