package dev.solid.kit.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.common.event.EventEnvelope;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventEnvelopeDeserializerTest {

  @Test
  void shouldTakeAWholeEnvelope() {
    assertThat(
            EventEnvelopeDeserializer.isEnvelope(
                new EventEnvelope("evt_1", "contact.created", Instant.now(), 7, false, Map.of())))
        .isTrue();
  }

  @Test
  void shouldRefuseAnEnvelopeWithoutIdTypeTimeOrCompany() {
    Instant now = Instant.now();
    assertThat(EventEnvelopeDeserializer.isEnvelope(null)).isFalse();
    assertThat(
            EventEnvelopeDeserializer.isEnvelope(new EventEnvelope(" ", "x", now, 7, false, null)))
        .isFalse();
    assertThat(
            EventEnvelopeDeserializer.isEnvelope(new EventEnvelope("e", null, now, 7, false, null)))
        .isFalse();
    assertThat(
            EventEnvelopeDeserializer.isEnvelope(new EventEnvelope("e", "x", null, 7, false, null)))
        .isFalse();
    assertThat(
            EventEnvelopeDeserializer.isEnvelope(new EventEnvelope("e", "x", now, 0, false, null)))
        .isFalse();
  }
}
