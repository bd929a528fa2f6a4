#!/usr/bin/env bash
# Runs athena-lake locally: the devstack (the project's offline stand-in for AWS), sample data, the
# catalogs, export-service and query-service (JVM mode). Builds what it needs on first use (an empty
# Maven repository is fine), then runs in the foreground until Ctrl-C, which stops every process it
# started. ./athena-lake talks to the running system from another terminal.
set -euo pipefail
cd "$(dirname "$0")"

echo "Building the devstack, the services and the launcher (the first build downloads ~1 GB, mostly Trino; later builds are quick)..."
mvn -B -q -ntp -DskipTests -pl local -am package

exec java -Xmx768m -cp "local/target/dist/local.jar:local/target/dist/lib/*" io.athenalake.local.LocalMain "$@"
