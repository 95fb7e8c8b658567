package dev.solid.crm.scoring;

import java.util.List;
import java.util.Map;

/**
 * A computed score: 0..100, its band, the reasons (one entry per rule that gave points) and whether
 * engagement still decays (so the score will drift without new events).
 */
public record ScoreResult(
    int score, String band, List<Map<String, Object>> reasons, boolean decaying) {
  public ScoreResult {
    reasons = List.copyOf(reasons);
  }
}
