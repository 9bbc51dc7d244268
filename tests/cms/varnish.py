"""A throw-away varnishd on a free loopback port, running the repository's VCL
(deploy/varnish/emi.vcl) in front of a given backend port."""

import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.smtp_sink import free_port

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "emi.vcl"
VARNISHD = os.environ.get("VARNISHD", shutil.which("varnishd") or "/usr/sbin/varnishd")


def varnishd_or_skip():
    if not Path(VARNISHD).exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI sans Varnish : {VARNISHD} introuvable (apt-get install varnish).")
        pytest.skip(f"varnishd absent ({VARNISHD}) : apt-get install varnish")
    return VARNISHD


class Varnish:
    """varnishd in the foreground, no jail (it may run as root here), no admin port."""

    def __init__(self, backend_port):
        self.backend_port = backend_port
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workdir = Path(tempfile.mkdtemp(prefix="emi-varnish-"))
        self.process = None

    def start(self):
        vcl = self.workdir / "emi.vcl"
        vcl.write_text(VCL.read_text().replace('"8000"', f'"{self.backend_port}"'))
        self.process = subprocess.Popen(
            [
                varnishd_or_skip(),
                "-F",
                "-j",
                "none",
                "-T",
                "none",
                "-a",
                f"127.0.0.1:{self.port}",
                "-f",
                str(vcl),
                "-n",
                str(self.workdir / "work"),
                "-s",
                "malloc,32m",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                request = urllib.request.Request(self.url + "/", method="BAN")
                with urllib.request.urlopen(request, timeout=1):
                    return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"varnishd did not start on port {self.port}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def get(self, path, cookie=None):
        """(status, headers, text) of a GET through Varnish."""
        headers = {"Cookie": cookie} if cookie else {}
        request = urllib.request.Request(self.url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, answer.headers, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()
