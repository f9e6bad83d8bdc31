"""The explorer as a whole program in a real pseudo-terminal: what it does when that terminal
goes away (a closed window, a dropped SSH connection)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from detainer_tui.store.sessions import Sessions

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="a Linux pseudo-terminal")

PAINTED = re.compile(rb"of \d+ rows")
ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]")


def read_until(master: int, pattern: re.Pattern[bytes], process: subprocess.Popen) -> bytes:
    """What the program writes to the terminal, until its visible text matches ``pattern``."""
    seen = b""
    deadline = time.monotonic() + 60
    while not pattern.search(ESCAPES.sub(b"", seen)):
        assert time.monotonic() < deadline, seen[-400:]
        assert process.poll() is None, seen[-400:]
        if select.select([master], [], [], 0.05)[0]:
            seen += os.read(master, 65536)
    return seen


SHELL = """
import subprocess, sys
# As a shell with job control starts a program: in the shell's session, in a process group
# of its own (which the shell's fg then sends SIGCONT).
explorer = subprocess.Popen([sys.executable, "-m", "detainer_tui"], process_group=0)
print(explorer.pid, file=open(sys.argv[1], "w"))
sys.exit(explorer.wait())
"""


@contextlib.contextmanager
def explorer_in_a_terminal(from_a_shell: Path | None = None, *, policies: bool = True):
    """The explorer (the samples) in a pseudo-terminal of 80x24, in a session of its own,
    or, given ``from_a_shell`` (a file to write its process id to), started in that session
    as a shell with job control starts it: the terminal's other end, and the process (the
    explorer's, or the shell's), on the Policies pane unless not ``policies``. Killed once
    done with."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "screen", "NO_COLOR": "1"}
    command = [sys.executable, "-m", "detainer_tui"]
    if from_a_shell is not None:
        command = [sys.executable, "-c", SHELL, str(from_a_shell)]
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    ends = [master]
    try:
        if policies:
            read_until(master, PAINTED, process)
            os.write(master, b"3")  # to Policies: where it is when the terminal goes
            read_until(master, re.compile(rb"Policies \S+ \d+ of \d+ rows"), process)
        yield ends, process
    finally:
        for end in ends:
            os.close(end)
        if from_a_shell is not None and from_a_shell.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.killpg(int(from_a_shell.read_text()), signal.SIGKILL)
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def saved_panes() -> list[str]:
    sessions, _ = Sessions.load()
    return [session.get("pane") for session in sessions.sessions.values()]


def test_the_explorer_quits_where_it_was_when_its_terminal_hangs_up(seeded_cache: Path):
    # In a session of its own, as under `su -c` (and other wrappers), no SIGHUP reaches the
    # explorer when the terminal closes. Textual's input thread then read the end of its
    # input over and over: the explorer went on, using a core, until killed.
    with explorer_in_a_terminal() as (ends, process):
        os.close(ends.pop())  # the window closed, the connection dropped
        assert process.wait(timeout=30) == 0
    assert saved_panes() == ["policies"]


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["hang-up", "kill"])
def test_the_hang_up_signal_or_a_kill_quits_where_it_was(seeded_cache: Path, signum: int):
    # Killed at once by the signal, it forgot where it was (q remembers).
    with explorer_in_a_terminal() as (_ends, process):
        process.send_signal(signum)
        assert process.wait(timeout=30) == 0
    assert saved_panes() == ["policies"]


def process_state(pid: int) -> str:
    """The state letter Linux gives process ``pid`` (R, S, T for stopped...)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0]


def test_ctrl_z_suspends_the_explorer_and_fg_brings_it_back_as_it_was(
    seeded_cache: Path, tmp_path: Path
):
    pid_file = tmp_path / "explorer.pid"
    with explorer_in_a_terminal(from_a_shell=pid_file) as (ends, shell):
        master = ends[0]
        explorer = int(pid_file.read_text())
        os.write(master, b"\x1a")  # ctrl+z
        deadline = time.monotonic() + 20
        while process_state(explorer) != "T":
            assert time.monotonic() < deadline, "not suspended"
            time.sleep(0.05)
        # What the shell's fg does: the process goes on, and draws its whole screen again
        # (the tabs too, which did not change: the shell had the terminal's screen meanwhile).
        os.killpg(explorer, signal.SIGCONT)
        read_until(master, re.compile(rb"1 Rankings"), shell)
        os.write(master, b"2")
        read_until(master, re.compile(rb"Records \S+ \d+ of \d+ rows"), shell)


def test_ctrl_z_where_no_shell_could_bring_it_back_says_so_and_goes_on(seeded_cache: Path):
    # Under `ssh -t host detainer-tui`, ctrl+z stopped the explorer for good, and the
    # terminal with it: nothing there had a fg to give.
    with explorer_in_a_terminal() as (ends, process):
        master = ends[0]
        os.write(master, b"\x1a")
        read_until(master, re.compile(rb"Not suspended: no shell here could bring"), process)
        assert process_state(process.pid) != "T"
        os.write(master, b"2")
        read_until(master, re.compile(rb"Records \S+ \d+ of \d+ rows"), process)


def processes_of_this_test() -> list[int]:
    """The processes started with this test's cache folder (the explorer and every process it
    started, which inherit it)."""
    mine = f"XDG_CACHE_HOME={os.environ['XDG_CACHE_HOME']}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if mine in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
    return found


def test_q_while_reports_are_parsed_quits_at_once_and_leaves_no_process():
    # On a first run (nothing cached), q while the reports were parsed blanked the screen
    # and then waited for good: at exit, Python waits for the reading processes, which were
    # stopped writing pages nobody read any more.
    with explorer_in_a_terminal(policies=False) as (ends, process):
        read_until(ends[0], re.compile(rb"page \d+ of \d+"), process)  # the loading bar
        os.write(ends[0], b"q")
        assert process.wait(timeout=15) == 0
    deadline = time.monotonic() + 10
    while processes_of_this_test():  # the fork server ends once the explorer has
        assert time.monotonic() < deadline, processes_of_this_test()
        time.sleep(0.1)
