"""A cold `wallet verify --offline FILE` process against Digital Bazaar's Node.js verifier on the
same credential, side by side in one run:

    python benchmarks/cold_verify.py [FILE] [--runs N]

Whole processes, started one after the other, alternately (wallet, node, wallet, node, …) so
that the machine's load falls on both alike, after one warm-up run of each (the OS's file cache);
wall time from ``subprocess.run`` to its return. The wallet runs from this checkout's Python
(the ``wallet`` script beside it), its bytecode compiled first as an installed package's is,
with an empty wallet home (an employer without a wallet: no
trust lists of their own to open), the verifier is ``tests/interop/vcapi-verify.mjs``
(@digitalbazaar/vc with the eddsa-rdfc-2022 and ecdsa-rdfc-2019 suites, contexts from the
wallet's bundled copies, did:key resolved locally; ``npm ci`` in ``tests/interop`` installs it).
Both must say the credential verifies. FILE defaults to the bundled OB 3.0 sample.

Prints the machine, each side's median (and p10/p90), then ``ratio X`` (the wallet's median over
Node's); the target is ``ratio`` ≤ 1.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "assets" / "samples" / "ob3-data-analysis.json"
NODE_SCRIPT = ROOT / "tests" / "interop" / "vcapi-verify.mjs"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load " + " ".join(f"{n:.1f}" for n in os.getloadavg())
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Node.js {node}, {platform.system()} {platform.release()}{load}"
    )


def commands(path: Path, home: str) -> dict[str, list[str]]:
    script = Path(sys.executable).with_name("wallet")
    wallet = [str(script)] if script.exists() else [sys.executable, "-m", "wallet.cli"]
    return {
        "wallet verify --offline": [*wallet, "--home", home, "verify", "--offline", str(path)],
        "Digital Bazaar (node)": ["node", str(NODE_SCRIPT), str(path)],
    }


def run(name: str, command: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True)
    took = (time.perf_counter() - start) * 1000
    if name.startswith("wallet"):
        if proc.returncode != 0:
            raise SystemExit(
                f"wallet verify did not verify the file (exit "
                f"{proc.returncode}): {proc.stdout.decode()[-500:]}"
                f"{proc.stderr.decode()[-500:]}"
            )
    else:
        answer = json.loads(proc.stdout or b"{}") if proc.returncode == 0 else {}
        if answer.get("verified") is not True:
            raise SystemExit(
                f"Digital Bazaar's verifier did not verify the file: "
                f"{proc.stdout.decode()[-500:]}{proc.stderr.decode()[-500:]}"
            )
    return took


def report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    deciles = statistics.quantiles(times, n=10)
    print(
        f"{label}: n={len(times)} median {median:.0f} ms, p10 {deciles[0]:.0f} ms, "
        f"p90 {deciles[-1]:.0f} ms"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("file", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--runs", type=int, default=21, help="runs of each (default 21)")
    args = parser.parse_args()
    if not shutil.which("node") or not (NODE_SCRIPT.parent / "node_modules").is_dir():
        raise SystemExit("needs Node.js and Digital Bazaar's packages: npm ci in tests/interop")
    print(machine())
    # the wallet's bytecode compiled, as `pip install` leaves an installed package (a checkout
    # run with PYTHONDONTWRITEBYTECODE would compile every module on every run)
    compileall.compile_dir(str(ROOT / "wallet"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="wallet-home-") as home:
        cmds = commands(args.file.resolve(), home)
        for name, command in cmds.items():  # warm-up: the file cache, not counted
            run(name, command)
        times: dict[str, list[float]] = {name: [] for name in cmds}
        for _ in range(max(2, args.runs)):
            for name, command in cmds.items():
                times[name].append(run(name, command))
    medians = {name: report(name, t) for name, t in times.items()}
    wallet, node = medians.values()
    print(f"ratio {wallet / node:.2f}")


if __name__ == "__main__":
    main()
