"""Issue 15 item 13: work that cannot fit in memory is refused before it starts, with the estimate
and the limit: the smallest of the memory available and what ulimit -v (RLIMIT_AS) leaves."""
import subprocess
import sys
import time

import pytest

import hhsim


def test_a_run_larger_than_memory_is_refused_before_any_work():
    start = time.monotonic()
    with pytest.raises(ValueError, match="this run needs about .* of memory"):
        hhsim.run(hhsim.Scenario(t_end_ms=5.0), trials=10**11)
    assert time.monotonic() - start < 5.0


def test_ulimit_v_bounds_a_run_and_a_study():
    # 10^8 trials need about 9 GB: within this machine's memory, beyond an address space of 3 GB.
    program = ("import hhsim\n"
               "for work in (lambda: hhsim.run(hhsim.Scenario(t_end_ms=5.0), trials=10**8),\n"
               "             lambda: hhsim.study({'run': {'t_end_ms': 200.0, 'trials': 10**8}, 'analysis': {'spectrum_segment_ms': 50.0}})):\n"
               "    try:\n"
               "        work()\n"
               "    except ValueError as e:\n"
               "        print('refused:', e)\n")
    start = time.monotonic()
    done = subprocess.run(["prlimit", "--as=3000000000", sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("refused:") and "RLIMIT_AS" in line for line in lines), done.stdout
    assert time.monotonic() - start < 30.0
