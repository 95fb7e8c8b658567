package dev.solid.gateway.company;

import java.util.Arrays;
import java.util.Optional;

/** A company's plan and the per-key, per-minute request limit it brings (seed 000's table). */
public enum Plan {
  STARTER(60),
  BUILDER(120),
  PROFESSIONAL(300),
  ENTERPRISE(1000);

  private final int requestsPerMinute;

  Plan(int requestsPerMinute) {
    this.requestsPerMinute = requestsPerMinute;
  }

  public int requestsPerMinute() {
    return requestsPerMinute;
  }

  public String wireName() {
    return name().toLowerCase();
  }

  public static Optional<Plan> fromWire(String value) {
    return Arrays.stream(values()).filter(p -> p.wireName().equals(value)).findFirst();
  }
}
