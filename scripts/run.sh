#!/usr/bin/env bash
# `make run`: the web server, a Celery worker and Celery beat together, on the embedded
# defaults (SQLite in data/, kombu's filesystem broker in data/broker). Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PORT=${PORT:-8000}
mkdir -p data

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping the web server, the worker and beat..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

"$VENV/bin/celery" -A foitracker worker --loglevel=INFO --concurrency=2 &
pids+=($!)
"$VENV/bin/celery" -A foitracker beat --loglevel=INFO --schedule=data/celerybeat-schedule &
pids+=($!)
"$VENV/bin/python" manage.py runserver "127.0.0.1:$PORT" &
pids+=($!)

# Print the banner once the site answers, so it is not lost among the start-up logs.
"$VENV/bin/python" - "$PORT" <<'PY' || true
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/healthz"
for _ in range(60):
    try:
        urllib.request.urlopen(url, timeout=2)
        break
    except OSError:
        time.sleep(0.5)
PY
cat <<MSG

  ==================================================================================
  FOI Tracker is running at http://127.0.0.1:$PORT/
    Admin:     http://127.0.0.1:$PORT/admin/    admin / admin-demo-password
    API docs:  http://127.0.0.1:$PORT/api/v1/docs/
    Demo logins: campaigner / campaigner-demo-password
                 staff / staff-demo-password (staff of "Prevent Watch")
  Emails are printed here (console backend). Press Ctrl-C to stop everything.
  ==================================================================================

MSG
wait -n "${pids[@]}"
