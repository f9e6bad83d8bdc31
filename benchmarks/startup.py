"""Warm start: from launching ``detainer-tui`` until the Rankings pane is painted, against a bare
Textual app painting one label, both as whole processes in a pseudo-terminal.

    .venv/bin/python benchmarks/startup.py [--repeat N] [--size COLSxROWS] [PATH ...]

Each program is started in a pty of the given size (default 100x30) with ``TERM=screen`` and
``NO_COLOR=1``, and the bytes it writes are read as they come: the explorer counts as painted
once its status bar says how many Rankings rows it shows (``Rankings: issued · 18 of 18
rows``), which it does in the same frame as the rows; the bare app once its label
(``baseline``) has been written. The reports (the bundled samples unless PATHs are given) are
opened once first, then exported, so that every measured start reads them all from the cache
(a start ended at its first rows may not have parsed them all, and a start that parses is not
warm). Runs alternate between the two programs; the median of ``--repeat`` runs each is
printed, with the ratio, for the wall clock and for the CPU time each process had used by then
(which a machine busy with other work disturbs less). The goal is a warm start of at most
twice the bare app.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOAL = 2.0
TIMEOUT = 120.0

BARE_APP = """\
from textual.app import App
from textual.widgets import Label


class Bare(App):
    def compose(self):
        yield Label("baseline")


Bare().run()
"""

_ESCAPE = re.compile(
    rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)"
)
RANKINGS_PAINTED = re.compile(r"Rankings: [\w ]+ · [\d,]+ of [\d,]+ rows")
BARE_PAINTED = re.compile(r"baseline")


def visible_text(data: bytes) -> str:
    """What a terminal shows of ``data``, run together: the escape sequences taken out."""
    return _ESCAPE.sub(b"", data).decode("utf-8", "replace")


def cpu_seconds(pid: int) -> float:
    """CPU time process ``pid`` has used so far (all its threads; Linux), NaN elsewhere.

    Less sensitive than the wall clock to a machine busy with other work."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def launch(args: list[str], env: dict[str, str], size: tuple[int, int], painted: re.Pattern[str]):
    """Start ``args`` in a pty of ``size``; seconds until what it wrote matches ``painted``,
    and the CPU seconds it had used by then."""
    master, slave = os.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while True:
            if time.perf_counter() - started > TIMEOUT:
                sys.exit(f"{' '.join(args)}: nothing painted in {TIMEOUT:.0f}s: {seen[-400:]!r}")
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                if process.poll() is not None:
                    sys.exit(f"{' '.join(args)} ended ({process.returncode}): {seen[-400:]!r}")
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                sys.exit(f"{' '.join(args)} closed its terminal: {seen[-400:]!r}")
            seen += chunk
            if painted.search(visible_text(seen)):
                return time.perf_counter() - started, cpu_seconds(process.pid)
    finally:
        with _suppress_gone():
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with _suppress_gone():
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(master)


class _suppress_gone:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, value, traceback) -> bool:
        return kind is not None and issubclass(kind, ProcessLookupError)


def command() -> list[str]:
    """The installed ``detainer-tui`` script beside this Python, else ``python -m``."""
    script = Path(sys.executable).with_name("detainer-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "detainer_tui"]


def fill_cache(paths: list[str], env: dict[str, str], home: Path) -> None:
    """Parse and cache every report that the measured starts open."""
    from detainer_tui.paths import sample_reports_dir

    reports = paths or [str(sample_reports_dir())]
    export = [*command(), "export", *reports, "--table", "reports"]
    subprocess.run(
        [*export, "--output", str(home / "reports.csv")],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="reports to open (default: the samples)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--size", default="100x30")
    args = parser.parse_args(argv)
    size = tuple(int(n) for n in args.size.lower().split("x"))
    assert len(size) == 2
    # Bytecode as an installed package has it (pip compiles it): with PYTHONDONTWRITEBYTECODE
    # set, every start would otherwise compile the sources afresh.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", str(REPO / "src")], check=True
    )
    home = Path(tempfile.mkdtemp(prefix="detainer-startup-"))
    try:
        env = dict(os.environ, TERM="screen", NO_COLOR="1")
        for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            (home / name).mkdir()
            env[name] = str(home / name)
        ours = [*command(), *args.paths]
        bare = [sys.executable, "-c", BARE_APP]
        first, _ = launch(ours, env, size, RANKINGS_PAINTED)  # parses
        print(f"first start (parses): {first * 1000:.0f}ms to the first rows", flush=True)
        # That start is ended once its first rows are painted, which may be before every report
        # is parsed and cached: an export reads them all, so that no measured start parses.
        fill_cache(args.paths, env, home)
        times: dict[str, list[tuple[float, float]]] = {"bare": [], "ours": []}
        for _ in range(args.repeat):
            times["bare"].append(launch(bare, env, size, BARE_PAINTED))
            times["ours"].append(launch(ours, env, size, RANKINGS_PAINTED))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"terminal {size[0]}x{size[1]}, median of {args.repeat} runs each, alternating")
    print(f"{'':40}{'wall':>8}  {'CPU':>8}   (wall of each run)")
    medians = {}
    for name, label in (
        ("bare", "bare Textual app, label painted"),
        ("ours", "detainer-tui warm, Rankings painted"),
    ):
        wall = statistics.median(t for t, _ in times[name])
        cpu = statistics.median(c for _, c in times[name])
        medians[name] = (wall, cpu)
        runs = ", ".join(f"{t * 1000:.0f}" for t, _ in times[name])
        print(f"    {label:<36}{wall * 1000:>6.0f}ms  {cpu * 1000:>6.0f}ms   ({runs})")
    wall_ratio = medians["ours"][0] / medians["bare"][0]
    cpu_ratio = medians["ours"][1] / medians["bare"][1]
    print(f"    ratio {wall_ratio:.2f}x wall, {cpu_ratio:.2f}x CPU (goal: at most {GOAL:.0f}x)")
    # A machine whose speed drifts between runs (a neighbour's load) moves both medians; the
    # ratio of each explorer run to the bare run just before it drifts less.
    pairs = [ours[0] / bare[0] for bare, ours in zip(times["bare"], times["ours"], strict=True)]
    quartiles = statistics.quantiles(pairs, n=4) if len(pairs) > 1 else [pairs[0]] * 3
    print(
        f"    run by run: median {statistics.median(pairs):.2f}x wall "
        f"(quartiles {quartiles[0]:.2f}-{quartiles[2]:.2f}x, {len(pairs)} pairs)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
