package dev.solid.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.solid.common.caller.RequestIds;
import java.time.Instant;
import java.util.Map;

/**
 * The value of every Kafka record on a domain topic. The record key is the company id, so events of
 * one company keep their order. {@code id} ({@code evt_…}) is unique: consumers drop duplicates by
 * it.
 */
public record EventEnvelope(
    String id,
    String event,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("company_id") long companyId,
    boolean livemode,
    Map<String, Object> data) {

  /** A new event with a fresh, time-ordered id ({@code evt_} + ULID). */
  public static EventEnvelope of(
      String event, long companyId, boolean livemode, Map<String, Object> data) {
    return new EventEnvelope(newId(), event, Instant.now(), companyId, livemode, data);
  }

  /** A fresh event id: {@code evt_} + a ULID, unique and ordered by time. */
  public static String newId() {
    return "evt_" + RequestIds.ulid();
  }
}
