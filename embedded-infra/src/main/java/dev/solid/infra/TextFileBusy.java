package dev.solid.infra;

/**
 * "Text file busy" (ETXTBSY): exec of a binary that some process still has open for writing. The
 * embedded servers extract their binaries at start; when another thread forks a process at that
 * moment, the child inherits the open file for an instant. Starting again a moment later works.
 */
final class TextFileBusy {
  private TextFileBusy() {}

  static boolean causedBy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("Text file busy")) {
        return true;
      }
    }
    return false;
  }

  static void pause(int attempt) {
    try {
      Thread.sleep(200L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
