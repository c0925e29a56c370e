"""Run every benchmarks/bench_*.py in turn and print a summary (`make bench`).

    python benchmarks/run.py --shared ../shared [--only ingest api] [--list]

Each benchmark runs in its own process with this Python. `--shared DIR` is passed
to the benchmarks that accept it (those whose source declares a --shared option);
the others run with their defaults. A benchmark that fails is reported and the
rest still run; the exit status is 1 when any failed. Results (JSON) are written by
each benchmark under benchmarks/results/.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def discover(only: list[str] | None = None) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if only:
        wanted = {name.removeprefix("bench_").removesuffix(".py") for name in only}
        found = [p for p in found if p.stem.removeprefix("bench_") in wanted]
    return found


def accepts_shared(path: Path) -> bool:
    return re.search(r"""["']--shared["']""", path.read_text(encoding="utf-8")) is not None


def run_one(path: Path, shared: Path | None) -> dict:
    cmd = [sys.executable, str(path)]
    if shared is not None and accepts_shared(path):
        cmd += ["--shared", str(shared)]
    before = set(RESULTS.glob("*.json")) if RESULTS.exists() else set()
    print(f"\n=== {path.name}: {' '.join(cmd[1:])}", flush=True)
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=HERE.parent)
    seconds = time.perf_counter() - started
    after = set(RESULTS.glob("*.json")) if RESULTS.exists() else set()
    return {"name": path.stem, "status": "ok" if proc.returncode == 0 else f"failed ({proc.returncode})",
            "seconds": seconds, "results": sorted(p.name for p in after - before)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None,
                        help="shared data directory, passed to benchmarks that accept --shared")
    parser.add_argument("--only", nargs="+", default=None, help="names to run (ingest, api, ...)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)

    benches = discover(args.only)
    if args.list or not benches:
        for path in benches:
            print(f"{path.stem:20} {'--shared' if accepts_shared(path) else ''}")
        if not benches:
            print("no benchmarks found" + (f" matching {args.only}" if args.only else ""), file=sys.stderr)
        return 0 if benches or args.list else 1
    shared = args.shared
    if shared is not None and not shared.is_dir():
        print(f"--shared {shared}: no such directory; benchmarks that need it will be skipped", file=sys.stderr)
        shared = None

    summary = []
    for path in benches:
        if shared is None and accepts_shared(path) and _requires_shared(path):
            summary.append({"name": path.stem, "status": "skipped (needs --shared)", "seconds": 0.0, "results": []})
            continue
        summary.append(run_one(path, shared))

    print("\n=== summary")
    width = max(len(s["name"]) for s in summary)
    for s in summary:
        print(f"{s['name']:{width}}  {s['status']:26} {s['seconds']:8.1f} s  {', '.join(s['results'])}")
    return 1 if any(s["status"].startswith("failed") for s in summary) else 0


def _requires_shared(path: Path) -> bool:
    """Whether the benchmark declares --shared as required."""
    return re.search(r"""["']--shared["'][^)]*required\s*=\s*True""", path.read_text(encoding="utf-8")) is not None


if __name__ == "__main__":
    sys.exit(main())
