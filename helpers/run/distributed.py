"""The whole pipeline on Dask: the same batches as ``helpers.run.pipeline``, on a cluster.

    from helpers.run.distributed import run_on_dask
    result = run_on_dask("corpus/")                                   # a local cluster
    result = run_on_dask(big, scheduler="tcp://10.0.0.5:8786", out_dir="/shared/tables")
    sentences = dask.dataframe.read_parquet("/shared/tables/sentences")

The corpus's manifest rows are cut into batches (``helpers.run.pipeline.plan_run``: in
manifest order, so a Parquet shard's rows mostly stay together), a ``dask.bag`` holds one
batch per partition, and each partition runs ``helpers.run.pipeline.run_batch`` on a worker:
read, clean, split, VADER, frames, tone, with the per-article cache. The tables are equal,
bit for bit, to the single-machine run (``run_pipeline``, or ``sentence_sentiment`` on
``load_corpus``). With ``out_dir`` each worker writes its batch's tables as Parquet parts
there and nothing comes back but counts: read them with ``dask.dataframe.read_parquet``.

Without a scheduler address a ``distributed.LocalCluster`` is started (one single-threaded
worker process per core, no dashboard) and closed afterwards. On a real cluster every
worker needs the package installed (``pip install -e .``), the corpus folder and
``out_dir`` at the same path (a shared file system), and ``KREMLIN_SYRIA_CACHE`` on a
shared folder if runs should reuse each other's rows (the cache's parts are written once
and never rewritten, so workers on many machines can share it).
"""
from __future__ import annotations

import os
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpers.run.pipeline import BATCH, BatchResult, PipelineResult, finish, plan_run, run_batch, warm_up


@contextmanager
def dask_client(scheduler: str | None = None, n_workers: int | None = None) -> Iterator:
    """A scheduler address (None: a new local cluster of n_workers processes, default one per
    core) -> a connected ``distributed.Client``, closed (with its local cluster) on exit."""
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    workers = n_workers or os.cpu_count() or 1
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address="127.0.0.1:0", host="127.0.0.1") as cluster, \
            Client(cluster) as client:
        yield client


def _run(task) -> BatchResult:
    """One batch on a worker (NLTK's data loaded first, once per process)."""
    warm_up()
    return run_batch(task)


def run_on_dask(corpus_dir: str | Path, *, scheduler: str | None = None,
                n_workers: int | None = None, out_dir: str | Path | None = None,
                batch_size: int = BATCH, skip_broken: bool = False) -> PipelineResult:
    """Corpus folder -> the pipeline's tables (``result.tables``: articles, sentences, tone,
    frames), computed on Dask: a local cluster, or the scheduler at ``scheduler``; with
    ``out_dir`` the tables are written there as Parquet parts instead."""
    import dask.bag as db

    plan = plan_run(corpus_dir, out_dir, batch_size=batch_size, skip_broken=skip_broken)
    if not plan.tasks:
        return finish(plan, [], 0)
    with dask_client(scheduler, n_workers) as client:
        bag = db.from_sequence(plan.tasks, npartitions=len(plan.tasks)).map(_run)
        results = client.compute(bag, sync=True)
        workers = len(client.scheduler_info()["workers"])
        peaks = client.run(_peak_rss_mb)
    result = finish(plan, results, workers)
    result.worker_peak_mb = dict(peaks)
    return result


def _peak_rss_mb() -> float:
    """Nothing -> this process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
