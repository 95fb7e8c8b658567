package dev.solid.crm.scoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Lead scoring's knobs ({@code solid.crm.lead-scoring.*}). */
@ConfigMapping(prefix = "solid.crm.lead-scoring")
public interface ScoringConfig {

  /** A score change smaller than this (and in the same band) sends no lead.scored. */
  @WithDefault("5")
  int minAnnouncedMove();

  /** Background rescoring after a rule change. */
  Rescore rescore();

  /** Periodic recomputation of decaying engagement. */
  Decay decay();

  interface Rescore {
    /** How often the worker looks for a pending job. */
    @WithDefault("2s")
    Duration interval();

    /** Contacts per batch; each batch is one short transaction. */
    @WithDefault("200")
    int batchSize();

    /** Batches a worker runs before handing the job back to the next tick (any replica). */
    @WithDefault("50")
    int batchesPerRun();

    /** How long a claimed job stays with its worker; after that another may take it over. */
    @WithDefault("60s")
    Duration lease();
  }

  interface Decay {
    /** How often the decay job looks for scores due a refresh. */
    @WithDefault("15m")
    Duration interval();

    /** How long a score with decaying engagement stays as computed before it is recomputed. */
    @WithDefault("6h")
    Duration refreshAfter();

    /** Contacts per batch. */
    @WithDefault("200")
    int batchSize();

    /** Batches per run; the rest waits for the next run. */
    @WithDefault("50")
    int batchesPerRun();

    /** How long claimed contacts stay with their worker before another may recompute them. */
    @WithDefault("5m")
    Duration lease();
  }
}
