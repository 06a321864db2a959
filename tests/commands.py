"""Run ``jeugdhub`` as a user would: a separate process with its own environment."""

import os
import subprocess
import sys
from collections.abc import Mapping


def run_jeugdhub(
    env: Mapping[str, str], *args: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jeugdhub", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
