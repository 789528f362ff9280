"""The Apache Spark engine of batch screening: `prepare`, the per-application work (parsing
claims, shingling, signatures, language-model scores), runs in Spark executors.

The driver reads the batch (with the same reader as in-process, so the same lines are refused
with the same messages) and hands it to Spark a chunk at a time (from a JSON Lines file, the
accepted lines unparsed, for the executors to parse); the detectors and the context
go to the executors once, as a broadcast. `parallelize` keeps the order of a chunk and `collect`
returns partitions in order (a `PreparedSlice` each), so the features come back in input order
and `detect` sees exactly what it sees in-process. A cluster is used by giving its master URL (`spark://host:7077`,
`yarn`); the default is two local cores.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ipoffice.screening.detector import Detector, ScreeningContext
from ipoffice.screening.pipeline import Item, PreparedSlice, prepare_chunk

DEFAULT_MASTER = "local[2]"
# Partitions a chunk is cut into: a few per core keeps the cores busy when texts vary in size.
PARTITIONS_PER_CORE = 3


def _prepare_partition(items: Iterable[Item], shared: Any) -> Iterator[PreparedSlice]:
    detectors, context = shared.value
    yield prepare_chunk(items, detectors, context)


class SparkEngine:
    def __init__(self, master: str = DEFAULT_MASTER, *, cores: int = 2) -> None:
        self.master = master
        self.cores = cores
        self._session: Any = None

    def session(self) -> Any:
        if self._session is None:
            # Executors run this interpreter, so they import the same installed package.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            from pyspark.sql import SparkSession

            self._session = (
                SparkSession.builder.master(self.master)
                .appName("ipoffice-screening")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.memory", "2g")
                .config("spark.python.worker.reuse", "true")
                .getOrCreate()
            )
            self._session.sparkContext.setLogLevel("ERROR")
        return self._session

    def prepare(
        self,
        chunks: Iterable[list[Item]],
        detectors: Sequence[Detector],
        context: ScreeningContext,
    ) -> Iterator[list[PreparedSlice]]:
        context_ = self.session().sparkContext
        shared = context_.broadcast((list(detectors), context))
        try:
            for chunk in chunks:
                slices = max(1, min(len(chunk), self.cores * PARTITIONS_PER_CORE))
                rdd = context_.parallelize(chunk, slices)
                result: list[PreparedSlice] = rdd.mapPartitions(
                    lambda items: _prepare_partition(items, shared)
                ).collect()
                yield result
        finally:
            shared.unpersist()

    def stop(self) -> None:
        if self._session is not None:
            self._session.stop()
            self._session = None
