package dev.solid.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void shouldReadResetAndHelp() {
    assertThat(CommandLine.parse()).isEqualTo(new CommandLine(false, false));
    assertThat(CommandLine.parse("--reset")).isEqualTo(new CommandLine(true, false));
    assertThat(CommandLine.parse("-h").help()).isTrue();
    assertThat(CommandLine.parse("--reset", "--help")).isEqualTo(new CommandLine(true, true));
  }

  @Test
  void shouldRefuseAnArgumentItDoesNotKnowByName() {
    assertThatThrownBy(() -> CommandLine.parse("--rest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown argument: --rest");
  }

  @Test
  void shouldDocumentEveryVariableTheOptionsRead() {
    for (Service service : Service.values()) {
      assertThat(CommandLine.USAGE).contains(service.portVariable());
    }
    assertThat(CommandLine.USAGE).contains("SOLID_DATA_DIR", "SOLID_KAFKA_BOOTSTRAP", "--reset");
  }
}
