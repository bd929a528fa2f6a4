#!/bin/sh
# Prints the home folder of a JDK whose feature version is at least $1 (Trino's SPI is Java 24 bytecode while the
# build runs on 17). Looks where the devstack's JavaRuntimes looks: $TRINO_JAVA_HOME, $JAVA_HOME, the running
# Maven's JDK, then the usual JDK folders (newest first).
minimum="$1"
feature() {
    sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$1/release" 2>/dev/null
}
for home in "$TRINO_JAVA_HOME" "$JAVA_HOME" "$2" \
    $(ls -d /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
          /Library/Java/JavaVirtualMachines/*/Contents/Home 2>/dev/null | sort -r); do
    [ -n "$home" ] && [ -x "$home/bin/javac" ] || continue
    version=$(feature "$home")
    if [ -n "$version" ] && [ "$version" -ge "$minimum" ]; then
        echo "$home"
        exit 0
    fi
done
echo "No JDK $minimum+ found: the Trino plugin is compiled for Trino's Java. Install one (e.g. temurin-25-jdk) or set TRINO_JAVA_HOME." >&2
exit 1
