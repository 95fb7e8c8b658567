package dev.solid.webhooks.endpoint;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ProblemDetail;
import dev.solid.webhooks.security.HostForms;
import dev.solid.webhooks.security.TargetResolver;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The rules of an endpoint request that annotations cannot express: the URL's form (absolute
 * http(s), no credentials or fragment, an unambiguous host and a valid port: {@link HostForms}) and
 * the event names against the {@link EventCatalog}. Collects every problem of one request, so the
 * 422 lists them all; one instance per request.
 */
final class EndpointRules {
  private final List<ProblemDetail> problems = new ArrayList<>();
  private String firstMessage;

  /** The URL, or null (with a problem) when it is not acceptable. */
  URI url(String raw) {
    URI url;
    try {
      url = new URI(raw);
    } catch (URISyntaxException e) {
      return invalidUrl(raw);
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute()
        || !(scheme.equals("http") || scheme.equals("https"))
        || url.getRawUserInfo() != null
        || url.getRawFragment() != null) {
      return invalidUrl(raw);
    }
    TargetResolver.RefusedTarget form = HostForms.check(url);
    if (form != null) {
      add(
          new ProblemDetail("url", form.error(), raw),
          "Field 'url' is not allowed: " + form.getMessage());
      return null;
    }
    return url;
  }

  /** The distinct event types, in the order sent, or null when there is a problem. */
  List<String> events(List<String> raw) {
    if (raw.isEmpty()) {
      add(ProblemDetail.of("events", "required"), "Field 'events' is required");
      return null;
    }
    LinkedHashSet<String> events = new LinkedHashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      String type = raw.get(i);
      String field = "events[" + i + "]";
      if (EventCatalog.WILDCARD.equals(type)) {
        if (raw.size() > 1) {
          add(
              new ProblemDetail(field, "wildcard_not_alone", type),
              "Field '" + field + "': \"*\" means every event and must be alone");
        }
      } else if (type == null || !EventCatalog.isKnown(type)) {
        add(
            new ProblemDetail(field, "unknown_event_type", type),
            "Unknown event type '" + type + "' in field '" + field + "'");
      }
      if (type != null) {
        events.add(type);
      }
    }
    return List.copyOf(events);
  }

  /** 422 with every problem found, the first one's message as the problem's. */
  void failOnProblems() {
    if (!problems.isEmpty()) {
      throw ApiException.validation(firstMessage, problems);
    }
  }

  private URI invalidUrl(String raw) {
    add(
        new ProblemDetail("url", "invalid_url", raw),
        "Field 'url' must be an absolute http(s) URL without credentials");
    return null;
  }

  private void add(ProblemDetail problem, String message) {
    if (problems.isEmpty()) {
      firstMessage = message;
    }
    problems.add(problem);
  }
}
