#!/bin/sh
# Load driver for the fanotify sensor: opens/s kept up with before the first overflow, CPU per 100k
# events, and overhead on dd / many-small-files workloads; `exec`: execs/s the process table and
# launch records keep up with, without loss. Run as root from the repository root:
#   sensor-linux/bench.sh [loss|overhead|all|exec]
set -e
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -B -pl sensor-linux -am test-compile
M2="${MAVEN_REPO:-$HOME/.m2/repository}"
CP="sensor-linux/target/classes:sensor-linux/target/test-classes:model/target/classes:pipeline/target/classes"
CP="$CP:$M2/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar:$M2/org/slf4j/slf4j-simple/2.0.17/slf4j-simple-2.0.17.jar"
MAIN=dev.aiaudit.sensor.bench.OpenRateBench
[ "${1:-all}" = exec ] && MAIN=dev.aiaudit.sensor.bench.ExecRateBench
exec "$JAVA_HOME/bin/java" $BENCH_OPTS --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$CP" $MAIN "${1:-all}"
