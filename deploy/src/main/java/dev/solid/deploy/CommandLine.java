package dev.solid.deploy;

/**
 * The launcher's arguments ({@code deploy/local/run [--reset] [--help]}); everything else is set
 * through {@code SOLID_*} variables, read by {@link PlatformOptions#fromEnvironment}.
 *
 * @param reset wipe the data directory before starting
 * @param help print {@link #USAGE} and exit
 */
record CommandLine(boolean reset, boolean help) {
  static final String USAGE =
      """
      Usage: deploy/local/run [--reset] [--help]

      Starts the whole Solid platform on this machine and keeps it in the foreground;
      Ctrl-C stops everything it started, services first, and returns once all of it
      has exited. A service that dies meanwhile is started again (with a growing pause,
      given up after 5 crashes in a row within a minute of starting).

        --reset   wipe the data directory first (PostgreSQL, Redis and Kafka data, the
                  internal JWT keys and the demo owner), then start from scratch; refused
                  when PostgreSQL is an external server (its data is not ours to wipe)
        --help    show this text

      PostgreSQL, Redis and Kafka already answering on the configured addresses are used
      as they are; otherwise embedded ones are started there, keeping their data in the
      data directory.

      Environment (defaults in brackets):
        SOLID_DATA_DIR               data directory [<repo>/.solid/data]
        SOLID_PG_HOST, SOLID_PG_PORT [127.0.0.1, 5432]
        SOLID_PG_USER, SOLID_PG_PASSWORD [postgres, postgres]
        SOLID_PG_DATABASE            [solid] (created if missing, embedded or external)
        SOLID_REDIS_HOST, SOLID_REDIS_PORT [127.0.0.1, 6379]
        SOLID_KAFKA_BOOTSTRAP        [127.0.0.1:9092]
        SOLID_GATEWAY_PORT           [8080]
        SOLID_CRM_PORT, SOLID_MESSAGING_PORT, SOLID_PAYMENTS_PORT,
        SOLID_WEBHOOK_DISPATCHER_PORT, SOLID_MCP_PORT [8081 .. 8085]
        SOLID_READY_TIMEOUT_SECONDS  per service, for /q/health/ready [90]
        SOLID_LOG_DIR                service logs [<repo>/.solid/logs]
        SOLID_LOCAL_ENV_FILE         where the demo key is written [<repo>/.solid/local.env]
        SOLID_SKIP_BUILD=1           start without checking whether a build is needed

      Logs: <service>.log in the log directory. The demo API key, the owner's credentials
      and the demo sender accounts are written to the local env file.
      """;

  /**
   * Reads the arguments.
   *
   * @throws IllegalArgumentException naming the first argument it does not know
   */
  static CommandLine parse(String... args) {
    boolean reset = false;
    boolean help = false;
    for (String arg : args) {
      switch (arg) {
        case "--reset" -> reset = true;
        case "--help", "-h" -> help = true;
        default -> throw new IllegalArgumentException("Unknown argument: " + arg);
      }
    }
    return new CommandLine(reset, help);
  }
}
