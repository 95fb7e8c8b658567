package dev.solid.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The key pair the gateway signs internal JWTs with (ES256): the gateway gets the private key,
 * every service the public one. Generated per installation, never committed.
 */
public record InternalJwtKeys(Path privateKey, Path publicKey) {

  /** Reuses the PEM files in the directory, or generates a new P-256 pair there. */
  public static InternalJwtKeys ensure(Path directory) {
    Path privatePem = directory.resolve("internal-jwt-private.pem");
    Path publicPem = directory.resolve("internal-jwt-public.pem");
    if (Files.exists(privatePem) && Files.exists(publicPem)) {
      return new InternalJwtKeys(privatePem, publicPem);
    }
    try {
      Files.createDirectories(directory);
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      try {
        Files.setPosixFilePermissions(
            privatePem, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      return new InternalJwtKeys(privatePem, publicPem);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Could not create the internal JWT key pair", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
