"""Container health checks without extra tools: `web` asks /healthz, `process NAME` looks in /proc."""

import os
import sys
import urllib.request


def web() -> int:
    url = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")
    if not url.startswith(("http://", "https://")):
        return 1
    request = urllib.request.Request(url, headers={"Host": os.environ.get("HEALTHCHECK_HOST", "localhost")})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (fixed local URL)
            return 0 if response.status == 200 else 1
    except OSError:
        return 1


def process(needle: str) -> int:
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if needle.encode() in f.read().replace(b"\0", b" "):
                    return 0
        except OSError:
            continue
    return 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["web"]:
        sys.exit(web())
    if sys.argv[1:2] == ["process"] and len(sys.argv) == 3:
        sys.exit(process(sys.argv[2]))
    sys.exit("usage: healthcheck.py web | process NAME")
