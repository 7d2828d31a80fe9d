#!/usr/bin/env bash
# `make schemathesis`: the API fuzzed against its own OpenAPI schema on a live gunicorn,
# as an anonymous client, a campaigner and site staff, every check on. Exits non-zero on
# any server error or schema violation. CI runs it (.ci/run); see README "API schema".
#
#   SCHEMATHESIS_DATABASE_URL  database to build and fill (default: a fresh SQLite file;
#                              CI gives a PostgreSQL database, dropped and created anew)
#   SCHEMATHESIS_MAX_EXAMPLES  cases per operation and phase (default 12)
#   SCHEMATHESIS_MAX_TIME      seconds per role (default 60), so a run stays a few minutes
# The seed is fixed and no past failures are replayed, so a run is as repeatable as a live
# server allows; explore further with e.g. SCHEMATHESIS_ARGS="--seed 7".
#   SCHEMATHESIS_ROLES         default "anonymous user staff"
#   SCHEMATHESIS_ARGS          passed on (e.g. "--include-path-regex stats" while fixing)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-12}
MAX_TIME=${SCHEMATHESIS_MAX_TIME:-60}
ROLES=${SCHEMATHESIS_ROLES:-anonymous user staff}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/schemathesis.XXXXXX")
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

export DEBUG=false
export SECRET_KEY="schemathesis-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false
export DATABASE_URL=${SCHEMATHESIS_DATABASE_URL:-sqlite:///$WORK/db.sqlite3}
# Nothing leaves the machine and no queue fills: tasks go to an in-memory broker.
export CELERY_BROKER_URL=memory://
export CACHE_URL="" MEDIA_ROOT="$WORK/media" EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
# The fuzzer is one client sending thousands of calls: throttling would only hide routes.
export ANON_THROTTLE_RATE=1000000/minute
# A work-around for a CPython 3.11 race in ast.parse between schemathesis' two worker threads.
export SCHEMATHESIS_HOOKS=scripts/schemathesis_hooks.py

server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ $DATABASE_URL == postgres* ]]; then
  "$PY" - <<'PY'
import os, psycopg
url = os.environ["DATABASE_URL"]
base, name = url.rsplit("/", 1)
with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{name}"')
PY
fi
"$PY" manage.py migrate --no-input -v 0
"$PY" manage.py load_sample_data >/dev/null
token() { "$PY" manage.py drf_create_token "$1" | awk '{print $3}'; }

"$VENV/bin/gunicorn" foitracker.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --timeout 60 >"$WORK/server.log" 2>&1 &
server=$!
"$PY" - "$PORT" <<'PY'
import sys, time, urllib.request
for _ in range(120):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/v1/", timeout=2)
        break
    except OSError:
        time.sleep(0.5)
else:
    sys.exit("gunicorn did not answer")
PY

status=0
for role in $ROLES; do
  case $role in
    anonymous) auth=() ;;
    user) auth=(-H "Authorization: Token $(token campaigner)") ;;
    staff) auth=(-H "Authorization: Token $(token admin)") ;;
    *) echo "unknown role $role"; exit 2 ;;
  esac
  echo "== schemathesis as $role"
  # shellcheck disable=SC2086
  "$VENV/bin/schemathesis" --no-color --config-file schemathesis.toml run "http://127.0.0.1:$PORT/api/v1/schema/" \
    --checks all --max-examples "$MAX_EXAMPLES" --max-time "$MAX_TIME" --seed 1 \
    --generation-database none \
    --workers 2 --request-timeout 30 "${auth[@]}" ${SCHEMATHESIS_ARGS:-} \
    || status=1
done
# Django logs every 4xx the fuzzer provokes, some with a traceback (too many form fields is a
# 400 logged as a SuspiciousOperation): what matters is a 500 ("Internal Server Error") or a
# worker that crashed or hung (gunicorn's own lines).
errors='Internal Server Error:|Error handling request|WORKER TIMEOUT|was sent SIG|Exception in worker'
if grep -Eq "$errors" "$WORK/server.log"; then
  echo "== server errors in the server's log"; grep -E -A80 "$errors" "$WORK/server.log" | head -300
  status=1
fi
exit $status
