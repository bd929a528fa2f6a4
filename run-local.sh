#!/usr/bin/env bash
# Runs athena-lake locally on the devstack, the project's offline stand-in for AWS.
# Builds what it needs on first use (an empty Maven repository is fine), then runs in the
# foreground until Ctrl-C, which stops every process it started.
set -euo pipefail
cd "$(dirname "$0")"

echo "Building the devstack (first build downloads ~1 GB, mostly Trino; later builds are quick)..."
mvn -B -q -ntp -DskipTests -pl devstack -am package

exec java -Xmx768m -cp "devstack/target/dist/devstack.jar:devstack/target/dist/lib/*" \
  io.athenalake.devstack.DevStackMain run --work-dir "$PWD/.devstack"
