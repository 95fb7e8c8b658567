package dev.solid.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The demo company's owner. The password is generated on the first run and kept in {@code <data
 * dir>/demo-owner.properties}, so later runs on the same data log in to the same company.
 */
record DemoOwner(String email, String password) {
  static final String COMPANY_NAME = "Demo Company";
  static final String EMAIL = "demo@solid.local";
  static final String PLAN = "professional";
  static final String FILE_NAME = "demo-owner.properties";

  static DemoOwner loadOrCreate(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
          properties.load(reader);
        }
        String email = properties.getProperty("email");
        String password = properties.getProperty("password");
        if (email != null && password != null && !password.isBlank()) {
          return new DemoOwner(email, password);
        }
      }
      DemoOwner owner = new DemoOwner(EMAIL, randomPassword());
      Properties properties = new Properties();
      properties.setProperty("email", owner.email());
      properties.setProperty("password", owner.password());
      Files.createDirectories(dataDirectory);
      try (Writer writer = Files.newBufferedWriter(file)) {
        properties.store(
            writer, "Owner of the local demo company; generated once, kept with the data");
      }
      restrictToOwner(file);
      return owner;
    } catch (IOException e) {
      throw new StartupException("Could not read or write " + file + ": " + e.getMessage(), e);
    }
  }

  static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system.
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
