# Sourced by bin/meshledger and .ci/run: picks a JDK >= 21.
# Order: $JAVA_HOME if it is new enough, else the newest JDK under /usr/lib/jvm,
# else `java` on the PATH. Sets JAVA_HOME and MESHLEDGER_JAVA, or fails clearly.

MESHLEDGER_MIN_JAVA=21

# Prints the major version of the java binary $1 (0 when it cannot tell).
meshledger_java_major() {
    _v=$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
    case "$_v" in
        1.*) _v=${_v#1.} ;;
    esac
    _v=${_v%%[.+-]*}
    case "$_v" in
        ''|*[!0-9]*) echo 0 ;;
        *) echo "$_v" ;;
    esac
}

meshledger_find_jdk() {
    _best=""
    _best_major=0
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        _m=$(meshledger_java_major "$JAVA_HOME/bin/java")
        if [ "$_m" -ge "$MESHLEDGER_MIN_JAVA" ]; then
            _best="$JAVA_HOME"
            _best_major=$_m
        fi
    fi
    if [ -z "$_best" ]; then
        for _d in /usr/lib/jvm/*; do
            [ -x "$_d/bin/java" ] && [ -x "$_d/bin/javac" ] || continue
            _m=$(meshledger_java_major "$_d/bin/java")
            if [ "$_m" -ge "$MESHLEDGER_MIN_JAVA" ] && [ "$_m" -gt "$_best_major" ]; then
                _best="$_d"
                _best_major=$_m
            fi
        done
    fi
    if [ -z "$_best" ] && command -v javac >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
        _j=$(command -v java)
        _m=$(meshledger_java_major "$_j")
        if [ "$_m" -ge "$MESHLEDGER_MIN_JAVA" ]; then
            _real=$(readlink -f "$_j" 2>/dev/null || echo "$_j")
            _best=$(dirname "$(dirname "$_real")")
            _best_major=$_m
        fi
    fi
    if [ -z "$_best" ]; then
        echo "meshledger: no JDK $MESHLEDGER_MIN_JAVA or newer found (looked at JAVA_HOME, /usr/lib/jvm/*, and java on the PATH); install one, e.g. Temurin 21, and/or set JAVA_HOME" >&2
        return 1
    fi
    JAVA_HOME="$_best"
    MESHLEDGER_JAVA="$_best/bin/java"
    MESHLEDGER_JAVA_MAJOR=$_best_major
    export JAVA_HOME
}
