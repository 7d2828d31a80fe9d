#!/usr/bin/env bash
# Starts the web server, a Celery worker and Celery beat together; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PORT=${PORT:-8000}
mkdir -p data

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping web server, worker and beat..."
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

sleep 2
cat <<MSG

  FOI Tracker is running at http://127.0.0.1:$PORT/
  Admin:    http://127.0.0.1:$PORT/admin/
  API docs: http://127.0.0.1:$PORT/api/v1/docs/
  Demo logins: campaigner / campaigner-demo-password   (staff: staff / staff-demo-password)
  Press Ctrl-C to stop the web server, the worker and beat.

MSG
wait -n "${pids[@]}"
