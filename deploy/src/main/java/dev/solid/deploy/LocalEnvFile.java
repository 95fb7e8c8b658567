package dev.solid.deploy;

import dev.solid.deploy.DemoSeeder.DemoAccess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code .solid/local.env}: what a developer sources to call the local platform (the gateway URL,
 * the demo key, the owner's login and the demo sender accounts). Written whole to a temporary file
 * and moved into place, so a reader never sees half of it; readable by the owner only, as it holds
 * secrets.
 */
final class LocalEnvFile {
  private LocalEnvFile() {}

  static void write(Path file, URI gateway, DemoAccess access) {
    String content =
        "SOLID_API_URL="
            + gateway
            + "\nSOLID_API_KEY="
            + access.apiKey()
            + "\nSOLID_OWNER_EMAIL="
            + access.ownerEmail()
            + "\nSOLID_OWNER_PASSWORD="
            + access.ownerPassword()
            + "\nSOLID_TELEGRAM_ACCOUNT_ID="
            + access.telegramAccountId()
            + "\nSOLID_SMS_ACCOUNT_ID="
            + access.smsAccountId()
            + "\n";
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, content);
      DemoOwner.restrictToOwner(temporary);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StartupException("Could not write " + file + ": " + e.getMessage(), e);
    }
  }
}
