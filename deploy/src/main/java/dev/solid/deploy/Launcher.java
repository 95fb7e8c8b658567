package dev.solid.deploy;

/**
 * {@code deploy/local/run}: reads the command line and the environment, starts the {@link
 * LocalPlatform} in the foreground, prints where everything is, and exits once a signal has stopped
 * all of it (130 for SIGINT, 143 for SIGTERM), or with 1 when it could not start.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    CommandLine commandLine;
    try {
      commandLine = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n");
      System.err.print(CommandLine.USAGE);
      System.exit(2);
      return;
    }
    if (commandLine.help()) {
      System.out.print(CommandLine.USAGE);
      return;
    }
    Console console = Console.system();
    StopSignals signals = new StopSignals();
    LocalPlatform platform = null;
    try {
      PlatformOptions options =
          PlatformOptions.fromEnvironment(
              System.getenv(), PlatformOptions.locateRepositoryRoot(), commandLine.reset());
      platform = new LocalPlatform(options, console);
      signals.install(platform::close);
      platform.bootOrClose();
    } catch (RuntimeException e) {
      if (platform != null && signals.received()) {
        // A signal stopped us while starting: whatever failed then (a service killed while we
        // waited for it, a refused connection) failed because of it. A clean stop, with the
        // signal's exit code, not an alarm and exit 1.
        exitOnceStopped(platform, signals);
        return;
      }
      if (!(e instanceof StartupException
          || e instanceof IllegalArgumentException
          || e instanceof IllegalStateException)) {
        throw e;
      }
      if (LocalPlatform.STOPPED_WHILE_STARTING.equals(e.getMessage())) {
        return; // stopped by the shutdown hook (the JVM is ending anyway)
      }
      console.alarm("Could not start the platform: %s", e.getMessage());
      System.exit(1);
      return;
    }
    console.summary(platform);
    exitOnceStopped(platform, signals);
  }

  /**
   * Waits until {@link LocalPlatform#close()} has finished, then ends the JVM with the stopping
   * signal's exit code. The signal's own thread exits with the same code, so whichever gets there
   * first, the code is the same.
   */
  private static void exitOnceStopped(LocalPlatform platform, StopSignals signals) {
    try {
      platform.awaitStopped();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.exit(signals.exitCode());
  }
}
