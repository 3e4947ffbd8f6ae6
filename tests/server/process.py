"""The real `loandesk-server` as separate processes: init, serve on a free loopback port, kill.

A server is started with ``--port 0`` and its port read from uvicorn's own
"running on" line, so no port is ever guessed free and then taken.
"""

from __future__ import annotations

import os
import re
import signal
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import REPO

SCRIPT = Path(sys.executable).with_name("loandesk-server")
_RUNNING = re.compile(r"Uvicorn running on (https?)://127\.0\.0\.1:(\d+)")
_START_SECONDS = 60.0


def server_env(**overrides: str) -> dict[str, str]:
    """The test's environment without any LOANDESK_SERVER_* from outside, plus ``overrides``."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("LOANDESK_SERVER_")
    }
    env.update(overrides)
    return env


def cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``loandesk-server ARGS`` as an administrator would run it."""
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env=server_env(**env),
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def cli_ok(*args: str, **env: str) -> str:
    result = cli(*args, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def trusting(ca: Path) -> ssl.SSLContext:
    """A client's TLS context that trusts ``ca`` and no other CA."""
    return ssl.create_default_context(cafile=ca)


class ServerProcess:
    """One data dir served by a real uvicorn process; restartable after a kill.

    It serves plain HTTP on loopback unless ``tls``: then the certificate `init` made.
    """

    def __init__(self, data: Path, logs: Path, env: dict[str, str], *, tls: bool = False) -> None:
        self.data = data
        self.logs = logs
        self.env = env
        self.tls = tls
        self.url = ""
        self.process: subprocess.Popen[bytes] | None = None
        self.log: Path | None = None
        self._starts = 0

    def start(self, command: list[str] | None = None) -> None:
        """Serve the data dir (with ``command`` in place of the CLI, for instrumented runs)."""
        assert self.process is None, "the server is running already"
        self._starts += 1
        self.log = self.logs / f"server-{self._starts}.log"
        argv = command or [str(SCRIPT)]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*argv, "serve", "--data", str(self.data), "--port", "0"]
                + ([] if self.tls else ["--insecure-http"]),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=server_env(**self.env),
                cwd=REPO,
            )
        scheme, port = self.wait_for_log(_RUNNING).groups()
        assert scheme == ("https" if self.tls else "http")
        self.url = f"{scheme}://127.0.0.1:{port}"
        verify = trusting(self.data / "ca.pem") if self.tls else True
        with httpx.Client(base_url=self.url, timeout=10, verify=verify) as client:
            assert client.get("/v1/health").json()["status"] == "ok"

    def wait_for_log(self, pattern: re.Pattern[str]) -> re.Match[str]:
        """Wait until the server's log shows ``pattern``; fail with the log if it exits first."""
        assert self.process is not None
        assert self.log is not None
        deadline = time.monotonic() + _START_SECONDS
        while time.monotonic() < deadline:
            found = pattern.search(self.log.read_text(errors="replace"))
            if found:
                return found
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited early:\n{self.log.read_text()}")
            time.sleep(0.05)
        raise AssertionError(
            f"the server never logged {pattern.pattern!r}:\n{self.log.read_text()}"
        )

    def stop(self) -> None:
        """End the server as an administrator would (SIGTERM), or kill it if it hangs."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)
        self.process = None

    def kill9(self) -> None:
        """SIGKILL: the process ends where it stands, nothing flushed, nothing rolled back."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=20)
        self.process = None
