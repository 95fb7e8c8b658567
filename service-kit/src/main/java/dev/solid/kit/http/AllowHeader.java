package dev.solid.kit.http;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Adds the {@code Allow} header RFC 9110 requires on a 405. RESTEasy Reactive knows a path's
 * methods (it answers {@code OPTIONS} with them) but its 405 for a known path with another method
 * carries no {@code Allow}, and it exposes its routing table to no one; so the routes are read
 * once, at startup, from the JAX-RS annotations of the service's resource classes, and matched here
 * only for the rare 405.
 */
public class AllowHeader {
  private static final Pattern PARAMETER = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*)?");

  private final List<Route> routes;

  public AllowHeader(BeanManager beans) {
    this.routes = routes(beans);
  }

  @ServerResponseFilter
  public void addAllow(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() != 405 || response.getHeaders().containsKey(HttpHeaders.ALLOW)) {
      return;
    }
    String allow = allowed("/" + request.getUriInfo().getPath().replaceAll("^/+", ""));
    if (!allow.isEmpty()) {
      response.getHeaders().putSingle(HttpHeaders.ALLOW, allow);
    }
  }

  /** The methods the resources accept on {@code path}, comma-separated; empty when none. */
  String allowed(String path) {
    Set<String> methods = new TreeSet<>();
    for (Route route : routes) {
      if (route.template().matcher(path).matches()) {
        methods.add(route.method());
      }
    }
    if (methods.isEmpty()) {
      return "";
    }
    if (methods.contains("GET")) {
      methods.add("HEAD");
    }
    methods.add("OPTIONS");
    return String.join(", ", methods);
  }

  private static List<Route> routes(BeanManager beans) {
    List<Route> routes = new ArrayList<>();
    for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
      Class<?> type = bean.getBeanClass();
      // Only server resources: a REST client interface carries @Path too.
      if (type.isInterface()
          || Modifier.isAbstract(type.getModifiers())
          || !type.isAnnotationPresent(Path.class)) {
        continue;
      }
      String base = type.getAnnotation(Path.class).value();
      for (Method method : type.getMethods()) {
        String http = httpMethod(method);
        if (http != null) {
          Path sub = method.getAnnotation(Path.class);
          routes.add(new Route(http, template(base, sub == null ? "" : sub.value())));
        }
      }
    }
    return List.copyOf(routes);
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return http.value();
      }
    }
    return null;
  }

  /** The regular expression of a JAX-RS path template: {@code {id}} matches one segment. */
  static Pattern template(String base, String sub) {
    String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < path.length()) {
      int open = path.indexOf('{', i);
      if (open < 0) {
        regex.append(Pattern.quote(path.substring(i)));
        break;
      }
      regex.append(Pattern.quote(path.substring(i, open)));
      int close = closingBrace(path, open);
      Matcher name = PARAMETER.matcher(path.substring(open, close));
      String custom = name.lookingAt() ? path.substring(open + name.end(), close).trim() : "";
      regex.append(custom.isEmpty() ? "[^/]+" : "(?:" + custom + ")");
      i = close + 1;
    }
    return Pattern.compile(regex + "/?");
  }

  /** The brace closing the template parameter opened at {@code open} (regexes may nest braces). */
  private static int closingBrace(String path, int open) {
    int depth = 0;
    for (int i = open; i < path.length(); i++) {
      if (path.charAt(i) == '{') {
        depth++;
      } else if (path.charAt(i) == '}' && --depth == 0) {
        return i;
      }
    }
    return path.length() - 1;
  }

  private record Route(String method, Pattern template) {}
}
