package dev.solid.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates bad requests for every operation of an OpenAPI document: bad path and query values, bad
 * whole bodies, and for each field of the body schema values of the wrong type, text a database
 * cannot store, oversized text and out-of-range numbers. Deterministic, so a failure reproduces;
 * new operations are covered the day they appear in the document.
 */
final class HostileInputs {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  static final List<String> PATH_VALUES =
      List.of(
          "0",
          "-1",
          "99999999999999999999",
          "abc",
          "%00",
          "a%00b",
          "%2e%2e",
          "1.5",
          "x".repeat(300));
  static final List<String> QUERY_VALUES =
      List.of("-1", "abc", "%00", "1e309", "99999999999999999999", "1.5", "", "x".repeat(3000));

  /** One request to send: method, path with query, raw body (null for none), content type. */
  record Probe(String operation, String method, String path, String body, String contentType) {
    @Override
    public String toString() {
      String b =
          body == null ? "" : " " + (body.length() > 120 ? body.substring(0, 120) + "…" : body);
      return operation
          + ": "
          + method
          + " "
          + (path.length() > 160 ? path.substring(0, 160) + "…" : path)
          + b;
    }
  }

  private final JsonNode doc;

  HostileInputs(JsonNode doc) {
    this.doc = doc;
  }

  List<Probe> all() {
    List<Probe> probes = new ArrayList<>();
    doc.path("paths")
        .fields()
        .forEachRemaining(
            path -> {
              if (path.getValue().has("x-solid-alias-of")) {
                return; // same operations as their canonical path
              }
              path.getValue()
                  .fields()
                  .forEachRemaining(
                      op -> {
                        if (List.of("get", "post", "put", "patch", "delete")
                            .contains(op.getKey())) {
                          probes.addAll(forOperation(path.getKey(), op.getKey(), op.getValue()));
                        }
                      });
            });
    return probes;
  }

  private List<Probe> forOperation(String template, String method, JsonNode op) {
    String name = op.path("operationId").asText(method + " " + template);
    String m = method.toUpperCase();
    List<Probe> probes = new ArrayList<>();
    String valid = template.replaceAll("\\{[^}]+}", "1");
    // Bad path values, one parameter at a time.
    var params = java.util.regex.Pattern.compile("\\{[^}]+}").matcher(template);
    while (params.find()) {
      for (String value : PATH_VALUES) {
        String path =
            template.substring(0, params.start()) + value + template.substring(params.end());
        probes.add(new Probe(name, m, path.replaceAll("\\{[^}]+}", "1"), bodyFor(op), json(op)));
      }
    }
    // Bad query values, one parameter at a time (and an unknown one).
    for (JsonNode p : parameters(op)) {
      if ("query".equals(p.path("in").asText())) {
        for (String value : QUERY_VALUES) {
          probes.add(
              new Probe(
                  name,
                  m,
                  valid + "?" + p.path("name").asText() + "=" + value,
                  bodyFor(op),
                  json(op)));
        }
      }
    }
    probes.add(new Probe(name, m, valid + "?%00=1", bodyFor(op), json(op)));
    JsonNode schema = requestSchema(op);
    if (schema == null) {
      return probes;
    }
    // Bad whole bodies.
    for (String body :
        List.of(
            "null", "[]", "\"text\"", "1", "{", "{}{}", "{\"a\":1,\"a\":2}", "{\"\\u0000\":1}")) {
      probes.add(new Probe(name, m, valid, body, "application/json"));
    }
    probes.add(new Probe(name, m, valid, "name=x", "text/plain"));
    probes.add(new Probe(name, m, valid, "", "application/json"));
    // Bad values, one field at a time, in an otherwise plausible body.
    ObjectNode base = plausible(schema);
    Iterator<Map.Entry<String, JsonNode>> fields = properties(schema).fields();
    while (fields.hasNext()) {
      var field = fields.next();
      for (JsonNode bad : badValues(resolve(field.getValue()))) {
        ObjectNode body = base.deepCopy();
        body.set(field.getKey(), bad);
        probes.add(new Probe(name, m, valid, body.toString(), "application/json"));
      }
      ObjectNode dup = base.deepCopy();
      dup.remove(field.getKey());
      String text = dup.toString();
      String withDuplicate =
          "{\""
              + field.getKey()
              + "\":\"a\",\""
              + field.getKey()
              + "\":\"b\""
              + (dup.isEmpty() ? "}" : "," + text.substring(1));
      probes.add(new Probe(name, m, valid, withDuplicate, "application/json"));
    }
    return probes;
  }

  private static String json(JsonNode op) {
    return op.has("requestBody") ? "application/json" : null;
  }

  private String bodyFor(JsonNode op) {
    JsonNode schema = requestSchema(op);
    return schema == null ? null : plausible(schema).toString();
  }

  private List<JsonNode> parameters(JsonNode op) {
    List<JsonNode> out = new ArrayList<>();
    op.path("parameters").forEach(p -> out.add(resolve(p)));
    return out;
  }

  private JsonNode requestSchema(JsonNode op) {
    JsonNode body = resolve(op.path("requestBody"));
    JsonNode schema = body.path("content").path("application/json").path("schema");
    return schema.isMissingNode() ? null : resolve(schema);
  }

  private JsonNode properties(JsonNode schema) {
    JsonNode s = resolve(schema);
    if (s.has("allOf")) {
      ObjectNode merged = F.objectNode();
      s.get("allOf").forEach(part -> merged.setAll((ObjectNode) properties(part)));
      return merged;
    }
    return s.path("properties").isObject() ? s.path("properties") : F.objectNode();
  }

  /** A body that passes the JSON-level checks, so each bad field is what the service sees. */
  private ObjectNode plausible(JsonNode schema) {
    ObjectNode body = F.objectNode();
    properties(schema)
        .fields()
        .forEachRemaining(f -> body.set(f.getKey(), sample(resolve(f.getValue()), f.getKey())));
    return body;
  }

  private JsonNode sample(JsonNode s, String name) {
    if (s.has("example")) {
      return s.get("example");
    }
    if (s.has("enum") && s.get("enum").size() > 0) {
      return s.get("enum").get(0);
    }
    return switch (type(s)) {
      case "integer" -> F.numberNode(1);
      case "number" -> F.numberNode(1.0);
      case "boolean" -> F.booleanNode(false);
      case "array" -> F.arrayNode();
      case "object" -> F.objectNode();
      default ->
          F.textNode(
              "uri".equals(s.path("format").asText()) || name.endsWith("url")
                  ? "http://127.0.0.1:9/hostile"
                  : "email".equals(s.path("format").asText()) ? "hostile@example.com" : "hostile");
    };
  }

  private static List<JsonNode> badValues(JsonNode s) {
    List<JsonNode> bad = new ArrayList<>();
    bad.add(F.textNode("a\u0000b"));
    bad.add(F.textNode("\uD800"));
    bad.add(F.textNode("x".repeat(100_000)));
    bad.add(F.numberNode(new java.math.BigDecimal("1e309")));
    bad.add(F.numberNode(new java.math.BigInteger("99999999999999999999")));
    bad.add(F.numberNode(-1));
    bad.add(F.numberNode(1.5));
    bad.add(F.booleanNode(true));
    bad.add(F.objectNode().put("nested", "x"));
    bad.add(F.arrayNode().addNull());
    bad.add(F.nullNode());
    if ("array".equals(type(s))) {
      bad.add(F.arrayNode().add("a\u0000b"));
      var many = F.arrayNode();
      for (int i = 0; i < 2000; i++) {
        many.add("v" + i);
      }
      bad.add(many);
    }
    if ("object".equals(type(s))) {
      bad.add(F.objectNode().put("k\u0000", "v").put("k", "v\u0000"));
    }
    return bad;
  }

  private static String type(JsonNode s) {
    JsonNode t = s.path("type");
    if (t.isArray()) {
      for (JsonNode each : t) {
        if (!"null".equals(each.asText())) {
          return each.asText();
        }
      }
    }
    return t.asText("string");
  }

  private JsonNode resolve(JsonNode node) {
    Map<String, Boolean> seen = new LinkedHashMap<>();
    JsonNode current = node;
    while (current.has("$ref") && seen.putIfAbsent(current.get("$ref").asText(), true) == null) {
      String ref = current.get("$ref").asText();
      current = doc.at(ref.substring(1));
    }
    if (current.has("oneOf") && current.get("oneOf").size() > 0) {
      return resolve(current.get("oneOf").get(0));
    }
    if (current.has("anyOf") && current.get("anyOf").size() > 0) {
      return resolve(current.get("anyOf").get(0));
    }
    return current;
  }
}
