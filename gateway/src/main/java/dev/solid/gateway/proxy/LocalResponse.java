package dev.solid.gateway.proxy;

import dev.solid.common.error.Problem;

/**
 * What a local handler answers: a status and a body serialised as JSON (null for none). {@code
 * replay} is what an idempotent replay of the request answers instead, when the first answer must
 * not be stored (it holds a secret); null replays the answer itself.
 */
public record LocalResponse(int status, Object body, String contentType, LocalResponse replay) {
  public static LocalResponse of(int status, Object body) {
    return new LocalResponse(status, body, "application/json", null);
  }

  public static LocalResponse noContent() {
    return new LocalResponse(204, null, "application/json", null);
  }

  /** A problem+json answer (used as the replay of an answer that cannot be stored). */
  public static LocalResponse problem(int status, Object problem) {
    return new LocalResponse(status, problem, Problem.MEDIA_TYPE, null);
  }

  /** This answer, replayed as {@code replay} when the same Idempotency-Key comes again. */
  public LocalResponse replayedAs(LocalResponse replay) {
    return new LocalResponse(status, body, contentType, replay);
  }
}
