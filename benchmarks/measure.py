"""Time and peak memory of a piece of work, and the machine it ran on."""
from __future__ import annotations

import os
import platform
import resource
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from collections.abc import Iterator

PROC_STATUS = "/proc/self/status"


def reset_peak() -> bool:
    """Nothing -> this process's peak resident set reset to its current one (Linux); False if
    the kernel does not allow it (then peaks are the process's peak so far)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def peak_mb() -> float:
    """Nothing -> this process's peak resident memory since the last reset, in MB."""
    try:
        with open(PROC_STATUS) as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Measure:
    """Seconds and peak MB of one piece of work (this process, plus its workers when known)."""

    seconds: float = 0.0
    peak_mb: float = 0.0
    workers_mb: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def total_mb(self) -> float:
        """This process's peak plus its workers' peaks (an upper bound of the peak of the sum)."""
        return self.peak_mb + self.workers_mb


@contextmanager
def measured() -> Iterator[Measure]:
    """A block -> its wall time and this process's peak memory, in the Measure it yields."""
    found = Measure()
    reset_peak()
    started = time.perf_counter()
    try:
        yield found
    finally:
        found.seconds = time.perf_counter() - started
        found.peak_mb = peak_mb()


class StageClock:
    """Stage name -> a block whose time (and peak memory) is added to that stage's."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.peaks: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        with measured() as found:
            yield
        self.seconds[stage] = self.seconds.get(stage, 0.0) + found.seconds
        self.peaks[stage] = max(self.peaks.get(stage, 0.0), found.peak_mb)


def machine() -> dict[str, str]:
    """Nothing -> facts about this machine: cores, memory, CPU, Python and library versions."""
    import dask
    import nltk
    import pandas
    import pyarrow

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle
                        if line.startswith("model name")), cpu)
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    blas = {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_")}
    return {"cores (nproc)": str(os.cpu_count()), "memory": f"{memory:.1f} GiB", "CPU": cpu,
            "Python": platform.python_version(), "OS": platform.platform(),
            "libraries": f"pandas {pandas.__version__}, pyarrow {pyarrow.__version__}, "
                         f"nltk {nltk.__version__}, dask {dask.__version__}",
            "OPENBLAS_*": ", ".join(f"{k}={v}" for k, v in blas.items()) or "not set"}
