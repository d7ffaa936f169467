"""Production settings pass `check --deploy`, refuse to start without a secret, and the
compose file's services point at commands that exist."""

import importlib
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "prod-like-" + "k3y" * 20,
    "ALLOWED_HOSTS": "doorbreek.example",
    "DATABASE_URL": "postgres://doorbreek:doorbreek@127.0.0.1:5432/doorbreek",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://127.0.0.1:1025",
}


# The test process's own settings must not leak into the production-like subprocess.
_NOT_INHERITED = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}


def _manage(*args: str, env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_values():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = dict(PRODUCTION_ENV)
    env["SECRET_KEY"] = ""
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_sends_security_headers():
    env = dict(PRODUCTION_ENV)
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "from django.test.utils import override_settings;"
        # No collectstatic here: plain static storage so the page renders; headers are the point.
        "override_settings(STORAGES={'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'},"
        " 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}).enable();"
        "r = Client(HTTP_HOST='doorbreek.example').get('/', secure=True);"
        "print(r.status_code);"
        "print(r.headers.get('Strict-Transport-Security'));"
        "print(r.headers.get('Content-Security-Policy'));"
        "print(r.cookies['csrftoken']['secure'] if 'csrftoken' in r.cookies else 'nocookie')"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in _NOT_INHERITED},
            **env,
            "DATABASE_URL": "sqlite:////tmp/doorbreek-headers-check.sqlite3",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 0, proc.stderr
    assert lines[0] == "200"
    assert lines[1].startswith("max-age=31536000")
    assert "default-src 'self'" in lines[2] and "script-src 'self'" in lines[2]


def _resolves(token: str) -> bool:
    """A module path (`config.asgi:application`, `uvicorn_worker.UvicornWorker`) or a file."""
    if (ROOT / token).exists():
        return True
    module, _, attr = token.partition(":")
    if not attr and "." in module and importlib.util.find_spec(module) is None:
        module, _, attr = module.rpartition(".")
    try:
        loaded = importlib.import_module(module)
    except ImportError:
        return False
    return not attr or hasattr(loaded, attr)


def test_docker_compose_services_and_commands_resolve():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit"} <= set(services)
    assert {"pgdata", "redisdata"} <= set(compose["volumes"])
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no healthcheck"
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source in compose["volumes"], f"{name} uses unnamed volume {source}"

    assert (ROOT / services["web"]["build"]).joinpath("Dockerfile").exists()
    web = " ".join(services["web"]["command"])
    assert "gunicorn -c config/gunicorn.py config.asgi:application" in web
    assert _resolves("config/gunicorn.py") and _resolves("config.asgi:application")
    gunicorn_conf = {}
    exec((ROOT / "config/gunicorn.py").read_text(), gunicorn_conf)  # noqa: S102 (our own file)
    assert gunicorn_conf["worker_class"] == "uvicorn_worker.UvicornWorker" and _resolves(gunicorn_conf["worker_class"])
    assert int(services["web"]["environment"]["WEB_CONCURRENCY"]) >= 2
    assert _resolves("manage.py")

    for name in ("worker", "beat"):
        command = services[name]["command"]
        assert command[:3] == ["celery", "-A", "config"] and _resolves("config:celery_app")
        assert command[3] == name if name == "beat" else command[3] == "worker"
    assert _resolves("scripts/healthcheck.py")
    # Every python entry point named by a healthcheck exists.
    for service in services.values():
        test = service["healthcheck"]["test"]
        for token in test:
            if token.endswith(".py"):
                assert _resolves(token), token


def test_env_example_lists_every_variable_the_settings_read():
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^([A-Z_]+)=", example, flags=re.M))
    read = set()
    for path in [*(ROOT / "config" / "settings").glob("*.py"), ROOT / "config" / "gunicorn.py"]:
        read |= set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z_]+)["']""", path.read_text()))
        read |= set(re.findall(r"""os\.environ\.get\(\s*["']([A-Z_]+)["']""", path.read_text()))
    assert read, "no variables found: the pattern is broken"
    assert read - listed == set()
