"""Run a command with a folder mounted read-only, as a snapshot or a backup would be.

``chmod`` cannot make a file read-only for root (tests may run as root), so
the folder is bind-mounted read-only in a private mount namespace
(``unshare -rm``): writes there fail with EROFS for every user, and nothing
outside the command sees the mount.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from tests.support.paths import ROOT

_MOUNT_READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'


def read_only_command(folder: Path, command: Sequence[str]) -> list[str]:
    """``command`` run with ``folder`` read-only."""
    return ["unshare", "-rm", "sh", "-c", _MOUNT_READ_ONLY, "sh", str(folder), *command]


def run_read_only(folder: Path, command: Sequence[str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        read_only_command(folder, command), cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


@cache
def read_only_mounts() -> bool:
    """Whether this machine lets a test mount a folder read-only (user namespaces)."""
    if shutil.which("unshare") is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run(
            read_only_command(Path(folder), ["sh", "-c", f"! touch {folder}/probe 2>/dev/null"]),
            capture_output=True,
            check=False,
        )
    return probe.returncode == 0
