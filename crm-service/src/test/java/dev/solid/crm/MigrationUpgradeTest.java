package dev.solid.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solid.infra.testing.MigrationUpgrades;
import org.junit.jupiter.api.Test;

/**
 * The service's migrations upgrade the database of every earlier release, not just an empty one.
 */
class MigrationUpgradeTest {
  @Test
  void shouldUpgradeTheDatabaseOfEveryEarlierRelease() {
    assertThat(MigrationUpgrades.checkEveryRelease())
        .isNotEmpty()
        .allSatisfy(upgrade -> assertThat(upgrade.applied()).isPositive());
  }
}
