package dev.solid.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --reset}: what it wipes, and what it refuses to touch. */
class DataDirectoryTest {
  private final Console console =
      new Console(
          new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(new ByteArrayOutputStream()));

  @TempDir Path temp;

  @Test
  void shouldWipeItsOwnDirectoryOnReset() throws Exception {
    Path data = temp.resolve("data");
    DataDirectory.prepare(data, false, console);
    Files.createDirectories(data.resolve("postgres/base"));
    Files.writeString(data.resolve("postgres/base/1"), "rows");
    Files.writeString(data.resolve(DemoOwner.FILE_NAME), "password=old");

    DataDirectory.prepare(data, true, console);

    assertThat(data.resolve("postgres")).doesNotExist();
    assertThat(data.resolve(DemoOwner.FILE_NAME)).doesNotExist();
    assertThat(data.resolve(DataDirectory.MARKER)).exists();
  }

  @Test
  void shouldKeepTheDataWithoutReset() throws Exception {
    Path data = temp.resolve("data");
    DataDirectory.prepare(data, false, console);
    Files.writeString(data.resolve("kept"), "x");

    DataDirectory.prepare(data, false, console);

    assertThat(data.resolve("kept")).hasContent("x");
  }

  @Test
  void shouldRefuseToWipeADirectoryItDidNotCreate() throws Exception {
    Path someone = temp.resolve("home");
    Files.createDirectories(someone);
    Files.writeString(someone.resolve("thesis.tex"), "precious");

    assertThatThrownBy(() -> DataDirectory.prepare(someone, true, console))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("Refusing to wipe")
        .hasMessageContaining(DataDirectory.MARKER);
    assertThat(someone.resolve("thesis.tex")).hasContent("precious");
  }

  @Test
  void shouldTakeAnEmptyDirectoryWithoutMarkerOnReset() throws Exception {
    Path empty = temp.resolve("empty");
    Files.createDirectories(empty);

    DataDirectory.prepare(empty, true, console);

    assertThat(empty.resolve(DataDirectory.MARKER)).exists();
  }

  @Test
  void shouldRefuseResetWhenPostgresIsAnExternalServer() throws Exception {
    try (ServerSocket external = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      PlatformOptions options =
          PlatformOptions.fromEnvironment(
              Map.of(
                  "SOLID_PG_PORT", Integer.toString(external.getLocalPort()),
                  "SOLID_DATA_DIR", temp.resolve("data").toString()),
              temp,
              true);

      assertThatThrownBy(() -> Infrastructure.refuseResetWithExternalPostgres(options))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("--reset")
          .hasMessageContaining("external");
    }
  }

  @Test
  void shouldAllowResetWhenPostgresIsEmbedded() throws Exception {
    int nothingThere;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nothingThere = probe.getLocalPort();
    }
    PlatformOptions options =
        PlatformOptions.fromEnvironment(
            Map.of("SOLID_PG_PORT", Integer.toString(nothingThere)), temp, true);

    Infrastructure.refuseResetWithExternalPostgres(options);
  }
}
