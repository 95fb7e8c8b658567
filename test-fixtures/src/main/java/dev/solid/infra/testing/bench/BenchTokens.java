package dev.solid.infra.testing.bench;

import dev.solid.infra.testing.TestTokens;
import java.util.function.Supplier;

/**
 * Test-mode internal tokens for a benchmark's company: they live 60 s, so a fresh one every 30 s.
 */
public final class BenchTokens {
  private BenchTokens() {}

  public static Supplier<String> refreshing(long company, String... scopes) {
    long[] minted = {0};
    String[] current = new String[1];
    return () -> {
      synchronized (current) {
        if (current[0] == null || System.nanoTime() - minted[0] > 30_000_000_000L) {
          current[0] = TestTokens.apiKey(company, false, scopes);
          minted[0] = System.nanoTime();
        }
        return current[0];
      }
    };
  }
}
