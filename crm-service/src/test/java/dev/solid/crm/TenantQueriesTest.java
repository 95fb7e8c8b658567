package dev.solid.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * crm reaches its tables only through the kit: entities through {@code TenantRepository}, which
 * puts the company and mode into every query, events through the kit's outbox and consumption. A
 * query written by hand (a session's own query, a native statement, the SQL client) could forget
 * the tenant, so none may appear in crm's sources. That another company's contact is a 404 is
 * proven over HTTP in {@code ContactResourceTest.shouldNotSeeAnotherCompanysContact}.
 */
class TenantQueriesTest {
  private static final Pattern HAND_WRITTEN_QUERY =
      Pattern.compile(
          "create(Native|Selection|Mutation)?Query\\(|preparedQuery\\(|\\.query\\(|\\.find\\("
              + "|Panache(Entity|Repository)");

  @Test
  void shouldIssueEveryTenantQueryThroughTheKit() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      sources = files.filter(f -> f.toString().endsWith(".java")).toList();
    }
    assertThat(sources).isNotEmpty();
    for (Path source : sources) {
      assertThat(HAND_WRITTEN_QUERY.matcher(Files.readString(source)).find())
          .as("%s writes a query of its own", source)
          .isFalse();
    }
  }
}
