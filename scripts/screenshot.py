"""Take the README's screenshot (docs/screenshot.png): the demo plan's tree, as the coordinator
sees it, at 1280x800 in Debian's Chromium.

By default it builds a throwaway demo instance of its own: a SQLite database in a temporary
folder (TIPMONITOR_VAR_DIR), `migrate` and `load_demo`, then `runserver` on a free port with
two-factor login off, and removes it all afterwards. Nothing of a developer's own instance
(var/, DATABASE_URL) is touched.

    .venv/bin/python scripts/screenshot.py
    .venv/bin/python scripts/screenshot.py --base-url http://127.0.0.1:8000 \\
        --username coordinator --password '...'   # a running demo, 2FA off

The second form signs in to a server someone else started; its demo must have two-factor
login switched off (TIPMONITOR_REQUIRE_2FA=0), as `make demo` does.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshot.png"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
DEMO_USERNAME = "coordinator"
SERVER_START_SECONDS = 30


@dataclass(frozen=True)
class Instance:
    base_url: str
    username: str
    password: str


def manage(*args: str, env: dict[str, str]) -> str:
    """Run a `tipmonitor` command of the checkout and return what it printed."""
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    # S603: the command is this checkout's manage.py with fixed arguments, no outside input.
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        sys.exit(f"`{' '.join(args)}` failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def demo_password(output: str, username: str) -> str:
    """The password load_demo printed for `username`: the last column of its table row."""
    for line in output.splitlines():
        cells = line.split()
        if cells and cells[0] == username:
            return cells[-1]
    sys.exit(f"load_demo printed no login {username!r}:\n{output}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"runserver stopped with exit code {server.returncode}")
        try:
            # S310: always the http://127.0.0.1 address this script chose.
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            time.sleep(0.2)
    sys.exit(f"runserver did not answer on {url} within {SERVER_START_SECONDS} s")


@contextmanager
def demo_instance() -> Iterator[Instance]:
    """A demo instance on a free port, in a temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="tipmonitor-screenshot-") as var_dir:
        env = {
            **os.environ,
            "TIPMONITOR_VAR_DIR": var_dir,
            "DATABASE_URL": "",  # the embedded SQLite in var_dir, never a shared database
            "TIPMONITOR_DEBUG": "1",
            "TIPMONITOR_REQUIRE_2FA": "0",
            "DJANGO_SETTINGS_MODULE": "tipmonitor.settings",
        }
        manage("migrate", "--no-input", env=env)
        password = demo_password(manage("load_demo", env=env), DEMO_USERNAME)
        address = f"127.0.0.1:{free_port()}"
        server = subprocess.Popen(  # noqa: S603 (manage.py runserver, fixed arguments)
            [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", address],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_serving(f"http://{address}/accounts/login/", server)
            yield Instance(f"http://{address}", DEMO_USERNAME, password)
        finally:
            server.terminate()
            server.wait(timeout=10)


def sign_in(page: Page, instance: Instance) -> None:
    page.goto(f"{instance.base_url}/accounts/login/")
    page.get_by_label(re.compile("username", re.I)).fill(instance.username)
    page.get_by_label(re.compile("password", re.I)).fill(instance.password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    if "/accounts/" in page.url:
        sys.exit(f"signing in as {instance.username} failed (is two-factor login off?)")


def open_plan_tree(page: Page, instance: Instance) -> None:
    """The first plan of the plan list, as a person would open it."""
    page.goto(f"{instance.base_url}/plans/")
    table = page.get_by_role("main").get_by_role("table")
    table.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    expect(page.get_by_role("heading", name=re.compile("results framework", re.I))).to_be_visible()


def screenshot(instance: Instance, output: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT, locale="en-US")
            page = context.new_page()
            sign_in(page, instance)
            open_plan_tree(page, instance)
            output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=output)
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="default: %(default)s")
    parser.add_argument("--base-url", help="a running demo to use instead of starting one")
    parser.add_argument("--username", default=DEMO_USERNAME, help="with --base-url")
    parser.add_argument("--password", help="with --base-url")
    args = parser.parse_args()
    if args.base_url:
        if not args.password:
            parser.error("--base-url needs --password (load_demo prints it)")
        screenshot(Instance(args.base_url.rstrip("/"), args.username, args.password), args.output)
    else:
        with demo_instance() as instance:
            screenshot(instance, args.output)
    print(f"Saved {args.output}")


if __name__ == "__main__":
    main()
