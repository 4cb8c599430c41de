#!/bin/sh
# Runs one xsite command in the container: `xsite router`, `xsite node`, `xsite chat`, `xsite probe`,
# `xsite router-dump`, `xsite version`. Installed as /opt/xsite/bin/xsite and used as the image's ENTRYPOINT.
#
# The shell is replaced by the JVM (exec), so the JVM is PID 1 of the container and receives SIGTERM
# itself: a node then leaves its cluster and hands over the site-master role before it exits.
#
# Environment:
#   XSITE_JAVA_OPTS  extra JVM options, split on blanks, after the defaults (a later option wins)
#   XSITE_JAR        the runnable jar (the image sets it)
#   JAVA_HOME        the JVM to run (the base image sets it); else `java` on the PATH
set -eu

jar="${XSITE_JAR:-/opt/xsite/xsite.jar}"
if [ ! -r "$jar" ]; then
    echo "xsite: cannot read the jar $jar (set XSITE_JAR to the runnable xsite.jar)" >&2
    exit 1
fi

java_cmd=java
if [ -n "${JAVA_HOME:-}" ]; then
    java_cmd="$JAVA_HOME/bin/java"
fi

# `version` reads better in `kubectl exec POD -- xsite version` than the option it stands for.
if [ "${1:-}" = "version" ]; then
    shift
    set -- --version "$@"
fi

# Defaults that fit a container: heap from the memory limit (room left for a `kubectl exec` chat or probe
# JVM and for native memory), and an exit rather than a half-working JVM after an OutOfMemoryError, so
# Kubernetes restarts the pod.
# XSITE_JAVA_OPTS is split on blanks on purpose (several options in one variable).
# shellcheck disable=SC2086
exec "$java_cmd" -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError ${XSITE_JAVA_OPTS:-} -jar "$jar" "$@"
