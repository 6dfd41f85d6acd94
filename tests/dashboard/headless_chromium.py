"""Finding (and, where allowed, installing) the headless Chromium the dashboard tests drive.

`python tests/dashboard/headless_chromium.py --install` is what `make test` runs first: as root on
Debian it installs the `chromium` and `chromium-driver` packages when they are missing;
anywhere else it only says what is missing, and the browser tests skip with that reason.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
DRIVER_NAMES = ("chromedriver",)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,1000")


def find(names: tuple[str, ...]) -> str | None:
    for name in names:
        path = shutil.which(name) or (f"/usr/bin/{name}" if os.access(f"/usr/bin/{name}", os.X_OK) else None)
        if path:
            return path
    return None


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed (pip install selenium)"
    if find(CHROMIUM_NAMES) is None:
        return "chromium is not installed (Debian: apt-get install chromium chromium-driver)"
    if find(DRIVER_NAMES) is None:
        return "chromedriver is not installed (Debian: apt-get install chromium-driver)"
    return None


def install() -> int:
    if find(CHROMIUM_NAMES) and find(DRIVER_NAMES):
        return 0
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"browser tests will be skipped: {missing()}", file=sys.stderr)
        return 0
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"]):
        try:
            failed = subprocess.run(command, env=env, check=False, timeout=900).returncode != 0
        except subprocess.TimeoutExpired:
            failed = True
        if failed:
            print("browser tests will be skipped: chromium could not be installed", file=sys.stderr)
            return 0
    return 0


def main(argv: list[str]) -> int:
    if "--install" in argv:
        return install()
    print(missing() or "ok: chromium, chromedriver and selenium are available")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
