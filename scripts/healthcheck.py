"""Container health check: GET /healthz on the local gunicorn, as one of ALLOWED_HOSTS.

Django rejects a Host it does not serve, so the probe borrows the first allowed host rather
than requiring 127.0.0.1 to be added to ALLOWED_HOSTS in production.
"""

import os
import sys
import urllib.error
import urllib.request

port = os.environ.get("PORT", "8000")
hosts = [h.strip().lstrip(".") for h in os.environ.get("ALLOWED_HOSTS", "").split(",")]
host = next((h for h in hosts if h and h != "*"), "localhost")
probe = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
try:
    with urllib.request.urlopen(probe, timeout=4) as answer:  # noqa: S310 - fixed local URL
        sys.exit(0 if answer.status == 200 else 1)
except urllib.error.HTTPError as exc:  # 503 names what is down: show it in `docker inspect`
    print(f"unhealthy: {exc.code} {exc.read().decode(errors='replace')}", file=sys.stderr)
    sys.exit(1)
except OSError as exc:
    print(f"unhealthy: {exc}", file=sys.stderr)
    sys.exit(1)
