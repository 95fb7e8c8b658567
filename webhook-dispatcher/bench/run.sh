#!/usr/bin/env bash
# Webhook dispatcher benchmark: one dispatcher with real embedded Kafka and PostgreSQL, local
# receivers answering 200 at once and after 2 s. Prints the BENCH lines. Usage:
#   webhook-dispatcher/bench/run.sh [events]      (default 2000 events per scenario)
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -o -pl webhook-dispatcher -am verify -Dbench=true -Dbench.events="${1:-2000}" \
  -Dtest=DispatchBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dquarkus.log.category.\"dev.solid\".level=WARN 2>&1 | grep -a "BENCH" || true
