package dev.solid.gateway.proxy;

/** What a local handler answers: a status and a body serialised as JSON (null for none). */
public record LocalResponse(int status, Object body) {
  public static LocalResponse of(int status, Object body) {
    return new LocalResponse(status, body);
  }

  public static LocalResponse noContent() {
    return new LocalResponse(204, null);
  }
}
