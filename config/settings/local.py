"""The embedded default (`make run`): SQLite, in-memory channel layer, mail to var/mail."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# Development only: a fixed key is acceptable because nothing real is stored.
SECRET_KEY = env("SECRET_KEY", default="local-development-key-not-for-production-use-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
