package dev.solid.messaging.message;

import java.time.Instant;

/** Answer to a send (seed 001): {@code {"id":"msg_…","status":"queued","eta":"…"}}. */
public record SendResponse(String id, String status, Instant eta) {}
