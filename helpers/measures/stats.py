"""Uncertainty: seeded bootstrap intervals for means and ratios.

Resamples are drawn in blocks of at most CHUNK_CELLS indices from one seeded stream, so
memory stays bounded whatever the number of units, and the draws (hence the intervals) are
exactly those of drawing the whole n_boot × n matrix at once.
"""
from __future__ import annotations

from statistics import NormalDist

import numpy as np

N_BOOT = 2000       # resamples; enough for stable 95% percentile intervals
LEVEL = 0.95
SEED = 20151001     # fixed, so every report shows the same interval for the same data
CHUNK_CELLS = 1 << 21   # resampled indices held at once (16 MB of int64)


def _resamples(n: int, n_boot: int, rng: np.random.Generator):
    """Units, resamples, a generator -> blocks of resampled index rows, n_boot rows in all,
    drawn in order from its stream (the same draws as one n_boot × n matrix)."""
    rows = max(1, CHUNK_CELLS // n)
    for start in range(0, n_boot, rows):
        yield rng.integers(0, n, size=(min(rows, n_boot - start), n))


def bootstrap_mean(values, *, n_boot: int = N_BOOT, level: float = LEVEL, seed: int = SEED) -> tuple[float, float]:
    """Values -> percentile bootstrap interval (low, high) for their mean; NaNs if fewer than 2."""
    x = np.asarray(values, dtype=float)
    if len(x) < 2:
        return (np.nan, np.nan)
    return percentile_interval(resampled_means(x, np.random.default_rng(seed), n_boot), level)


def resampled_means(values: np.ndarray, rng: np.random.Generator, n_boot: int = N_BOOT) -> np.ndarray:
    """Values, a seeded generator (advanced), resamples -> the n_boot bootstrap means."""
    return np.concatenate([values[idx].mean(axis=1) for idx in _resamples(len(values), n_boot, rng)])


def bootstrap_ratio(num, den, *, scale: float = 1.0, n_boot: int = N_BOOT, level: float = LEVEL,
                    seed: int = SEED) -> tuple[float, float]:
    """Paired units (num_i, den_i) -> interval for scale * sum(num) / sum(den), resampling units."""
    a, b = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    if len(a) < 2:
        return (np.nan, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratios = np.concatenate([scale * a[idx].sum(axis=1) / b[idx].sum(axis=1)
                                 for idx in _resamples(len(a), n_boot, np.random.default_rng(seed))])
    return percentile_interval(ratios[np.isfinite(ratios)], level)


def percentile_interval(draws: np.ndarray, level: float) -> tuple[float, float]:
    """Bootstrap draws -> the central `level` percentile interval."""
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(draws, [tail, 100 - tail])
    return (float(low), float(high))


def wilson_interval(successes: int, n: int, *, level: float = LEVEL) -> tuple[float, float]:
    """Successes out of n -> Wilson score interval (low, high) for the proportion; NaNs if n is 0."""
    if n == 0:
        return (np.nan, np.nan)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (float(centre - half), float(centre + half))
