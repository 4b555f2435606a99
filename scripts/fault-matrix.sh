#!/usr/bin/env bash
# The fault matrix (docs/reliability.md): the packaged Koppel jar against the Exact Online simulator, and while a
# sync of several dossiers runs: kill -9 and restart on the same embedded data, PostgreSQL restarted under it
# (embedded, and an external one), the accounting system refusing every call for a minute, garbage and cut-off
# pages. After each fault every kind of every dossier is compared with the simulator's data. Prints a table.
# Not part of `mvn -B verify` (it takes about ten minutes). Needs Java 17 and Maven; installs Debian's
# postgresql package (for the external-PostgreSQL rows) when it is missing. Run it from anywhere:
#
#   scripts/fault-matrix.sh [--dossiers=4] [--relations=3000] [--port=8183] [--no-external]
set -euo pipefail
cd "$(dirname "$0")/.."

external=yes
args=()
for arg in "$@"; do
  case "$arg" in
    --no-external) external=no ;;
    *) args+=("$arg") ;;
  esac
done

echo "[fault-matrix] building the jar and the simulator (offline Maven)"
mvn -B -o -q -DskipTests package
mvn -B -o -q test-compile
mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/fault-matrix.classpath
jar=$(ls target/koppel-*.jar | grep -v original | head -1)

if [ "$external" = yes ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$pg_bin" ]; then
    echo "[fault-matrix] installing Debian's postgresql package for the external-PostgreSQL rows"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    # the package may start its own cluster on 5432: the matrix runs its own on another port
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  args+=("--pg-bin=$pg_bin")
fi

mkdir -p target/fault-matrix
: > target/fault-matrix/koppel.log
# FaultMatrix has no main method (the demo must stay the only main class in the test sources): a one-line
# launcher, run in Java's source-file mode, calls it
cat > target/fault-matrix/RunFaultMatrix.java <<'JAVA'
public class RunFaultMatrix { public static void main(String[] a) throws Exception { nl.koppel.faults.FaultMatrix.run(a); } }
JAVA
java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/fault-matrix.classpath)" \
  target/fault-matrix/RunFaultMatrix.java --jar="$jar" --work=target/fault-matrix "${args[@]}" \
  | tee target/fault-matrix/result.txt
