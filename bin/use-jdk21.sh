# Sourced by .ci/run and bin/fieldlink-local: makes `java` a JDK 21+ (JAVA_HOME first, then the
# default `java`, then the JDKs installed under the usual folders).
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1 | cut -d. -f1
}

use_jdk21() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    export PATH="$JAVA_HOME/bin:$PATH"
    return 0
  fi
  if command -v java >/dev/null 2>&1 && [ "$(java_major java)" -ge 21 ]; then
    return 0
  fi
  local candidate
  for candidate in /usr/lib/jvm/* /opt/java/* /usr/local/java/* "$HOME"/.sdkman/candidates/java/*; do
    if [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "No JDK 21+ found: install one or set JAVA_HOME." >&2
  return 1
}
