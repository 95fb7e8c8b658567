package dev.solid.deploy;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** What the launcher tells the developer: progress on stdout, problems on stderr. */
final class Console {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private final PrintStream out;
  private final PrintStream err;

  Console(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static Console system() {
    return new Console(System.out, System.err);
  }

  void info(String format, Object... args) {
    out.println(prefix() + String.format(format, args));
  }

  void warn(String format, Object... args) {
    err.println(prefix() + "WARNING " + String.format(format, args));
  }

  /** For what must not scroll by unnoticed, such as a service that died. */
  void alarm(String format, Object... args) {
    String line = "!".repeat(78);
    err.println(line);
    err.println(prefix() + String.format(format, args));
    err.println(line);
  }

  void plain(String text) {
    out.println(text);
  }

  private static String prefix() {
    return "[solid " + LocalTime.now().format(TIME) + "] ";
  }
}
