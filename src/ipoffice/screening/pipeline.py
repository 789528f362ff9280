"""Batch screening: every detector over a batch of applications, in-process or on Spark.

The batch is read from its source in passes, so that a million applications never sit in memory
as full texts:

1. **survey**: every record is parsed; bad lines are reported and left out; the applicant names
   are gathered and resolved to entities (`names.resolve`); a deterministic sample (the
   applications whose id hashes lowest, whatever the input order) is kept for fitting models.
2. **fit**: detectors with `fit` fit their model on the sample.
3. **prepare**: each detector's `prepare` per application, by the engine (`LocalEngine` here,
   `SparkEngine` in `ipoffice.screening.spark`), yielding compact features in input order,
   kept pickled per detector and slice of applications (`PreparedSlice`) until `detect`.
4. **detect**: each detector over the batch's features, in the order given; findings so far are
   passed on (`context.earlier`) for detectors that judge others' findings.
5. **explain**: detectors with `explain` get the texts of the applications their findings
   involve (one more pass, keeping only those) to check and document each finding; with many
   to read, in worker processes (`explain_workers`), in order.

Steps 1, 4 and 5 run in this process whatever the engine, and steps 2-4 see the features in
input order, so both engines give identical findings. From a JSON Lines file (`JsonlSource`),
passes 3 and 5 read the lines the survey accepted, by number, and leave the parsing to the
workers (3) or to the applications wanted (5): this process does not parse a million lines
twice more.
"""

from __future__ import annotations

import hashlib
import heapq
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ipoffice.core.collector import collector_paused
from ipoffice.patents.document import PatentDocument
from ipoffice.patents.formats.jsonl import RawLine, read_jsonl, read_lines
from ipoffice.patents.formats.records import ParsedRecord
from ipoffice.screening.detector import Detector, Findings, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.screening.names import resolve
from ipoffice.screening.risk import SubjectRisk, application_risk, subject_risks

# Applications a model is fitted on: enough for stable n-gram and term statistics, small
# enough to fit in a few seconds.
FIT_SAMPLE = 20_000
# Applications handed to the engine at a time.
CHUNK = 20_000

Progress = Callable[[str, int], None]


class Source(Protocol):
    """Where a batch comes from; read once per pass."""

    def records(self) -> Iterator[ParsedRecord]: ...


@runtime_checkable
class LineSource(Source, Protocol):
    """A source of one document a line, whose records carry their line number (`line`), and
    whose lines can be read again by number, unparsed."""

    def lines(self, numbers: Container[int]) -> Iterator[RawLine]: ...


@dataclass(frozen=True)
class JsonlSource:
    """A JSON Lines file in the interchange format (`docs/formats.md`)."""

    path: Path

    def records(self) -> Iterator[ParsedRecord]:
        return read_jsonl(self.path)

    def lines(self, numbers: Container[int]) -> Iterator[RawLine]:
        return read_lines(self.path, numbers)


# What the engine is handed: documents, or lines it parses in its workers.
Item = PatentDocument | RawLine


@dataclass(frozen=True)
class DocumentsSource:
    documents: Sequence[PatentDocument]

    def records(self) -> Iterator[ParsedRecord]:
        first: dict[str, int] = {}
        for position, doc in enumerate(self.documents, start=1):
            source = f"item {position}"
            seen = first.setdefault(doc.id, position)
            if seen != position:
                yield ParsedRecord(None, source, f"{source}: duplicate id {doc.id}, first {seen}")
            else:
                yield ParsedRecord(doc, source)


@dataclass
class PreparedSlice:
    """The features of consecutive applications, pickled per detector. A million applications'
    features take a few GB as bytes and several times that as Python objects, so each
    detector's features become objects only for its turn in `detect`; and a worker's result
    reaches the parent as a few byte strings, which cost it nothing to receive while the
    workers use the cores."""

    ids: list[str]
    features: list[bytes]  # per detector, in the screening's order: its features in id order

    def take(self, detector: int) -> list[Any]:
        """The features of one detector, released here: each is read once."""
        # Pickled by this run's own workers, never read from outside.
        values: list[Any] = pickle.loads(self.features[detector])  # noqa: S301
        self.features[detector] = b""
        return values


class Engine(Protocol):
    def prepare(
        self,
        chunks: Iterable[list[Item]],
        detectors: Sequence[Detector],
        context: ScreeningContext,
    ) -> Iterator[list[PreparedSlice]]: ...

    def stop(self) -> None: ...


class LocalEngine:
    """Prepares on this machine: in this process, or in `workers` processes for big batches
    (spawned, so nothing of the parent's threads or open files is inherited)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers if workers is not None else (os.cpu_count() or 1)

    def prepare(
        self,
        chunks: Iterable[list[Item]],
        detectors: Sequence[Detector],
        context: ScreeningContext,
    ) -> Iterator[list[PreparedSlice]]:
        pool: ProcessPoolExecutor | None = None
        # Chunks handed to the workers and not yet returned: the next chunk is read and sent
        # while the workers prepare this one, so they never wait for the reading.
        pending: deque[list[Future[PreparedSlice]]] = deque()
        try:
            for chunk in chunks:
                if self.workers <= 1 or len(chunk) < MIN_PARALLEL:
                    while pending:
                        yield _gather(pending.popleft())
                    yield [prepare_chunk(chunk, detectors, context)]
                    continue
                if pool is None:
                    pool = ProcessPoolExecutor(
                        self.workers,
                        mp_context=multiprocessing.get_context("spawn"),
                        initializer=_start_worker,
                        initargs=(list(detectors), context),
                    )
                slices = [chunk[i : i + SLICE] for i in range(0, len(chunk), SLICE)]
                pending.append([pool.submit(_prepare_in_worker, part) for part in slices])
                if len(pending) > AHEAD:
                    yield _gather(pending.popleft())
            while pending:
                yield _gather(pending.popleft())
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)

    def stop(self) -> None:
        """Nothing to release: worker processes end with each run."""


# Below this many applications a chunk is prepared in this process: starting workers (importing
# the detectors, loading dictionaries) costs a few seconds.
MIN_PARALLEL = 5_000
# Applications sent to a worker at a time.
SLICE = 500
# Chunks in the workers' hands beyond the one being collected.
AHEAD = 1
_WORKER: tuple[list[Detector], ScreeningContext] | None = None


def _start_worker(detectors: list[Detector], context: ScreeningContext) -> None:
    global _WORKER
    _WORKER = (detectors, context)


def _gather(futures: list[Future[PreparedSlice]]) -> list[PreparedSlice]:
    return [future.result() for future in futures]


def _prepare_in_worker(items: list[Item]) -> PreparedSlice:
    assert _WORKER is not None, "worker not started"
    return prepare_chunk(items, *_WORKER)


def prepare_chunk(
    chunk: Iterable[Item], detectors: Sequence[Detector], context: ScreeningContext
) -> PreparedSlice:
    # Whatever the engine (workers, Spark executors, this process): `prepare` makes no cycles
    # (see `Screening.run`).
    with collector_paused():
        docs = [_document(item) for item in chunk]
        return PreparedSlice(
            [doc.id for doc in docs],
            [
                pickle.dumps([d.prepare(doc, context) for doc in docs], pickle.HIGHEST_PROTOCOL)
                for d in detectors
            ],
        )


def _document(item: Item) -> PatentDocument:
    # A line was parsed once in the survey already, which accepted it: it parses the same here.
    return item if isinstance(item, PatentDocument) else item.document()


@dataclass(frozen=True)
class ApplicationResult:
    id: str
    risk: float
    findings: tuple[Finding, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "risk": round(self.risk, 4),
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass
class ScreeningResult:
    applications: list[ApplicationResult]
    subjects: list[SubjectRisk]
    errors: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> int:
        return sum(1 for a in self.applications if a.findings)


@dataclass
class _Survey:
    ids: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # of each id, from a `LineSource`
    applicants: dict[str, list[str]] = field(default_factory=dict)
    agencies: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    sample: list[tuple[bytes, int, PatentDocument]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _documents(source: Source) -> Iterator[PatentDocument]:
    for record in source.records():
        if record.document is not None:
            yield record.document


def _by_line(source: Source, survey: _Survey) -> LineSource | None:
    """The source, when its accepted applications can be read again by line number."""
    if isinstance(source, LineSource) and len(survey.lines) == len(survey.ids):
        return source
    return None


def _items(source: Source, survey: _Survey) -> Iterator[Item]:
    """The accepted applications for the engine: unparsed lines when the source has them."""
    lines = _by_line(source, survey)
    return lines.lines(set(survey.lines)) if lines is not None else _documents(source)


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Screening:
    """One configured screening: which detectors, in which order, as of which date."""

    def __init__(
        self,
        detectors: Sequence[Detector],
        *,
        as_of: date,
        fit_sample: int = FIT_SAMPLE,
        chunk: int = CHUNK,
        explain_workers: int | None = None,
    ) -> None:
        names = [d.name for d in detectors]
        if len(set(names)) != len(names):
            raise ValueError(f"detector names must be unique: {names}")
        self.detectors = list(detectors)
        self.as_of = as_of
        self.fit_sample = fit_sample
        self.chunk = chunk
        # Processes for `explain` when it has much to read (it runs after the engine is done).
        self.explain_workers = explain_workers or os.cpu_count() or 1

    def run(
        self,
        source: Source,
        *,
        engine: Engine | None = None,
        progress: Progress | None = None,
    ) -> ScreeningResult:
        # Screening makes no reference cycles (none found after a 20,000-application run):
        # reference counting frees all, and the collector would walk millions of live objects.
        with collector_paused():
            return self._run(source, engine, progress)

    def _run(
        self, source: Source, engine: Engine | None, progress: Progress | None
    ) -> ScreeningResult:
        # Each stage reports 0 when it starts, then what it has done.
        tick = progress or (lambda _stage, _n: None)
        tick("read", 0)
        survey = self._survey(source, tick)
        tick("resolve applicants", 0)
        entities = self._entities(survey)
        tick("resolve applicants", len(entities))
        context = ScreeningContext(as_of=self.as_of, entities=entities)
        tick("fit", 0)
        context = self._fit(survey, context)
        tick("fit", len(survey.sample))
        tick("prepare", 0)
        prepared: list[PreparedSlice] = []
        chunks = _chunks(_items(source, survey), self.chunk)
        for batch in (engine or LocalEngine()).prepare(chunks, self.detectors, context):
            prepared += batch
            tick("prepare", sum(len(part.ids) for part in batch))
        findings = self._detect(prepared, context, tick)
        del prepared
        findings = self._explain(source, survey, findings, tick)
        results = [
            ApplicationResult(app_id, application_risk(found), tuple(found))
            for app_id in survey.ids
            for found in [findings.get(app_id, [])]
        ]
        risks = {r.id: r.risk for r in results}
        subjects = subject_risks(
            survey.ids, survey.applicants, survey.agencies, risks, context.entities
        )
        return ScreeningResult(results, subjects, survey.errors)

    # -- the passes -------------------------------------------------------------------------

    def _survey(self, source: Source, tick: Progress) -> _Survey:
        survey = _Survey()
        # The sample is kept only when a detector fits a model on it.
        sample_size = self.fit_sample if any(hasattr(d, "fit") for d in self.detectors) else 0
        for record in source.records():
            doc = record.document
            if doc is None:
                survey.errors.append(record.error or f"{record.source}: unreadable")
                continue
            survey.ids.append(doc.id)
            if record.line is not None:
                survey.lines.append(record.line)
            survey.applicants[doc.id] = [a for a in doc.applicants if a.strip()]
            if doc.agency and doc.agency.strip():
                survey.agencies[doc.id] = doc.agency.strip()
            survey.names.update(survey.applicants[doc.id])
            if sample_size > 0:
                # Keep the fit_sample lowest id hashes: a sample independent of input order.
                key = hashlib.blake2b(doc.id.encode("utf-8"), digest_size=16).digest()
                item = (_negate(key), len(survey.ids), doc)
                if len(survey.sample) < sample_size:
                    heapq.heappush(survey.sample, item)
                elif item > survey.sample[0]:
                    heapq.heapreplace(survey.sample, item)
            tick("read", 1)
        return survey

    def _entities(self, survey: _Survey) -> dict[str, str]:
        return {r.name: r.entity for r in resolve(sorted(survey.names))} if survey.names else {}

    def _fit(self, survey: _Survey, context: ScreeningContext) -> ScreeningContext:
        fitters = [d for d in self.detectors if hasattr(d, "fit")]
        if not fitters:
            return context
        # Lowest id hash first, so the model does not depend on the input order either.
        sample = [doc for _, _, doc in sorted(survey.sample, reverse=True)]
        models = {d.name: d.fit(sample) for d in fitters}
        return replace(context, models=models)

    def _detect(
        self, prepared: list[PreparedSlice], context: ScreeningContext, tick: Progress
    ) -> Findings:
        found: Findings = {}
        for k, detector in enumerate(self.detectors):
            tick(f"detect: {detector.name}", 0)
            features = [
                pair for part in prepared for pair in zip(part.ids, part.take(k), strict=True)
            ]
            # Read-only for the call: the findings are added to only after it returns.
            current = replace(context, earlier=found)
            for app_id, items in detector.detect(features, current).items():
                for item in items:
                    found.setdefault(app_id, []).append(replace(item, detector=detector.name))
            tick(f"detect: {detector.name}", len(features))
            del features  # before the next detector's are unpickled
        return found

    def _explain(
        self, source: Source, survey: _Survey, findings: Findings, tick: Progress
    ) -> Findings:
        explainers = {d.name: d for d in self.detectors if hasattr(d, "explain")}
        wanted: set[str] = set()
        for app_id, items in findings.items():
            for item in items:
                if item.detector in explainers:
                    wanted.add(app_id)
                    wanted.update(item.related)
        if not wanted:
            return findings
        tick("explain", 0)
        many = len(wanted) >= MIN_PARALLEL_EXPLAIN and self.explain_workers > 1
        # Workers get lines to parse themselves; this process parses only what it explains.
        docs = self._wanted(source, survey, wanted, parsed=not many)
        explained_ids = [
            app_id
            for app_id, items in findings.items()
            if any(item.detector in explainers for item in items)
        ]
        tasks: list[_Task] = []
        for app_id in explained_ids:
            items = findings[app_id]
            related = {r: docs[r] for item in items for r in item.related if r in docs}
            tasks.append((items, docs[app_id], related))
        explained = iter(
            _explained_in_workers(tasks, explainers, self.explain_workers)
            if many
            else (_explain_application(task, explainers) for task in tasks)
        )
        to_explain = set(explained_ids)
        out: Findings = {}
        for app_id, items in findings.items():
            if app_id in to_explain:
                items = next(explained)
            if items:
                out[app_id] = items
            tick("explain", 1)
        return out

    def _wanted(
        self, source: Source, survey: _Survey, wanted: set[str], *, parsed: bool
    ) -> dict[str, Item]:
        """The documents of the `wanted` ids, by id: from a `LineSource`, only their lines are
        read, and parsed unless `parsed` is false."""
        lines = _by_line(source, survey)
        if lines is None:
            return {doc.id: doc for doc in _documents(source) if doc.id in wanted}
        numbers = {n for i, n in zip(survey.ids, survey.lines, strict=True) if i in wanted}
        found = lines.lines(numbers)
        if not parsed:
            # The survey accepted these lines, so each parses to the id it was listed under.
            ids = [i for i, n in zip(survey.ids, survey.lines, strict=True) if n in numbers]
            return dict(zip(ids, found, strict=True))
        return {doc.id: doc for doc in (line.document() for line in found)}


# One application to explain: its findings, its document and those of the applications they
# relate it to (parsed documents, or lines a worker parses).
_Task = tuple[list[Finding], Item, dict[str, Item]]
# Below this many documents to read for `explain`, it runs in this process: starting workers
# (importing the detectors, loading dictionaries) costs a few seconds.
MIN_PARALLEL_EXPLAIN = 10_000
# Applications explained per task sent to a worker.
EXPLAIN_SLICE = 200
_EXPLAINERS: dict[str, Any] | None = None


def _explain_application(task: _Task, explainers: dict[str, Any]) -> list[Finding]:
    """The findings of one application, those of detectors with `explain` checked and
    documented, or dropped when `explain` finds nothing."""
    items, doc, related = task
    parsed: dict[int, PatentDocument] = {}

    def document(item: Item) -> PatentDocument:
        if id(item) not in parsed:  # a related application can serve several findings
            parsed[id(item)] = _document(item)
        return parsed[id(item)]

    kept = []
    for finding in items:
        explainer = explainers.get(finding.detector)
        if explainer is None:
            kept.append(finding)
            continue
        others = {r: document(related[r]) for r in finding.related if r in related}
        explained = explainer.explain(finding, document(doc), others)
        if explained is not None:
            kept.append(replace(explained, detector=finding.detector))
    return kept


def _start_explainer(explainers: dict[str, Any]) -> None:
    global _EXPLAINERS
    _EXPLAINERS = explainers


def _explain_in_worker(tasks: list[_Task]) -> list[list[Finding]]:
    assert _EXPLAINERS is not None, "worker not started"
    with collector_paused():  # as in `prepare`: explaining makes no cycles
        return [_explain_application(task, _EXPLAINERS) for task in tasks]


def _explained_in_workers(
    tasks: list[_Task], explainers: dict[str, Any], workers: int
) -> Iterator[list[Finding]]:
    """`_explain_application` of each task, in order, in `workers` spawned processes."""
    slices = [tasks[i : i + EXPLAIN_SLICE] for i in range(0, len(tasks), EXPLAIN_SLICE)]
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_explainer,
        initargs=(explainers,),
    ) as pool:
        for results in pool.map(_explain_in_worker, slices):
            yield from results


def _negate(key: bytes) -> bytes:
    # heapq keeps the smallest item on top; negating the key keeps the lowest hashes in the heap.
    return bytes(255 - b for b in key)
