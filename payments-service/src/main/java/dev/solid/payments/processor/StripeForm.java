package dev.solid.payments.processor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A form body as Stripe's v1 API reads it ({@code metadata[key]=value}, {@code expand[]=…}).
 * Written here because the REST client's {@code @FormParam} cannot name nested keys chosen at run
 * time. Metadata is written in key order, so every attempt of one idempotent request sends the same
 * body.
 */
final class StripeForm {
  private final StringJoiner body = new StringJoiner("&");

  StripeForm add(String name, Object value) {
    if (value != null) {
      body.add(encode(name) + "=" + encode(value.toString()));
    }
    return this;
  }

  StripeForm metadata(Map<String, String> metadata) {
    new TreeMap<>(metadata).forEach((key, value) -> add("metadata[" + key + "]", value));
    return this;
  }

  @Override
  public String toString() {
    return body.toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
