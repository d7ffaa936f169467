"""Operational endpoints that belong to no app."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import run_checks


@never_cache
@require_GET
def healthz(request):
    checks = run_checks()
    failing = sorted(name for name, state in checks.items() if state != "ok")
    body = {"status": "ok" if not failing else "error", "checks": checks}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=200 if not failing else 503)
