package dev.solid.deploy;

import dev.solid.deploy.DemoSeeder.DemoAccess;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

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

  /** Where everything is, once the platform is up. */
  void summary(LocalPlatform platform) {
    String gateway = platform.gatewayUrl().toString();
    PlatformOptions options = platform.options();
    plain("");
    plain("  Solid is running. Ctrl-C stops everything.");
    plain("");
    plain("  Gateway        " + gateway);
    plain("  API docs       " + gateway + "/docs");
    Optional<DemoAccess> demo = platform.demo();
    if (demo.isPresent()) {
      DemoAccess access = demo.get();
      plain("  Demo API key   " + access.apiKey() + "   (test mode, every scope)");
      plain("  Owner login    " + access.ownerEmail() + " / " + access.ownerPassword());
      plain(
          "  Senders        Telegram account "
              + access.telegramAccountId()
              + ", SMS account "
              + access.smsAccountId()
              + "   (test mode: messages are logged, not sent)");
      plain("  Written to     " + options.localEnvFile());
      plain("");
      plain(
          "  curl -H \"Authorization: Bearer $SOLID_API_KEY\" "
              + gateway
              + "/api/v1/crm/contacts   (after: source "
              + options.localEnvFile()
              + ")");
    } else {
      plain("  Demo API key   none: " + platform.seedFailure().orElse("?"));
    }
    plain("  Logs           " + options.logDirectory());
    plain("");
  }

  private static String prefix() {
    return "[solid " + LocalTime.now().format(TIME) + "] ";
  }
}
