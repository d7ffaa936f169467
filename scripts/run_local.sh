#!/usr/bin/env bash
# Serve the embedded default: a Celery worker with beat (filesystem broker) and uvicorn.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

.venv/bin/celery -A config worker -B --pool=solo --loglevel=WARNING \
  --schedule=var/celerybeat-schedule &
WORKER_PID=$!
trap 'kill $WORKER_PID 2>/dev/null || true' EXIT INT TERM

cat <<MSG

  Doorbreek de dynamiek draait op http://$HOST:$PORT/
  Gezondheid: http://$HOST:$PORT/healthz      Beheer: http://$HOST:$PORT/beheer/
  E-mails (bevestiging, wachtwoord): var/mail/

MSG
$PY manage.py seed_demo | sed 's/^/  /'
echo
.venv/bin/uvicorn config.asgi:application --host "$HOST" --port "$PORT" --lifespan off
