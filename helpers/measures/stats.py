"""Uncertainty: seeded bootstrap intervals for means and ratios."""
from __future__ import annotations

from statistics import NormalDist

import numpy as np

N_BOOT = 2000       # resamples; enough for stable 95% percentile intervals
LEVEL = 0.95
SEED = 20151001     # fixed, so every report shows the same interval for the same data


def bootstrap_mean(values, *, n_boot: int = N_BOOT, level: float = LEVEL, seed: int = SEED) -> tuple[float, float]:
    """Values -> percentile bootstrap interval (low, high) for their mean; NaNs if fewer than 2."""
    x = np.asarray(values, dtype=float)
    if len(x) < 2:
        return (np.nan, np.nan)
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, len(x), size=(n_boot, len(x)))].mean(axis=1)
    return _percentiles(means, level)


def bootstrap_ratio(num, den, *, scale: float = 1.0, n_boot: int = N_BOOT, level: float = LEVEL,
                    seed: int = SEED) -> tuple[float, float]:
    """Paired units (num_i, den_i) -> interval for scale * sum(num) / sum(den), resampling units."""
    a, b = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    if len(a) < 2:
        return (np.nan, np.nan)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(a), size=(n_boot, len(a)))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratios = scale * a[idx].sum(axis=1) / b[idx].sum(axis=1)
    return _percentiles(ratios[np.isfinite(ratios)], level)


def _percentiles(draws: np.ndarray, level: float) -> tuple[float, float]:
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
