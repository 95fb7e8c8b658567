package dev.solid.crm.scoring;

/**
 * Where the bands start: {@code cold} below {@code warm}, then {@code warm}, {@code mql} from
 * {@code mql}, {@code hot} from {@code hot}. Strictly increasing, checked on input.
 */
public record Thresholds(int warm, int mql, int hot) {
  public static final Thresholds DEFAULT = new Thresholds(30, 60, 80);

  public static final String COLD = "cold";
  public static final String WARM = "warm";
  public static final String MQL = "mql";
  public static final String HOT = "hot";

  /** The band of a score. */
  public String band(int score) {
    if (score >= hot) {
      return HOT;
    }
    if (score >= mql) {
      return MQL;
    }
    return score >= warm ? WARM : COLD;
  }
}
