"""The shape every Order No. 77 detector has, so that one pipeline runs them all, in-process or
on Spark, with identical results.

A detector works in two steps:

1. `prepare(doc, context)` turns one application into the small, picklable features the
   detector needs (a signature, counts, the resolved applicant and a date, ...). It is pure: it
   sees one document and the read-only context, never other documents. The pipeline runs it
   document by document in-process, or in Spark executors over partitions.
2. `detect(prepared, context)` sees the features of the whole batch, in input order, and returns
   findings per application id. It runs once per batch, on the driver for Spark.

Features, not documents, reach `detect`, so a batch of a million applications never holds a
million full texts in one place.

A detector that needs a model of the corpus (a language model, term statistics) also has
`fit(documents) -> model`; the pipeline fits it before `prepare`, on a reference corpus or a
deterministic sample of the batch, and puts the model in `context.models[detector.name]`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.findings import Finding
from ipoffice.screening.names import party_key

Findings = dict[str, list[Finding]]


@dataclass(frozen=True)
class ScreeningContext:
    """What detectors share beyond the documents: read-only during a run."""

    # The screening date: bursts and rates are judged up to it.
    as_of: date
    # Applicant name as written -> the resolved entity (see `ipoffice.screening.names.resolve`).
    # Names not in the map fall back to their comparison key.
    entities: Mapping[str, str] = field(default_factory=dict)
    # Models fitted on the batch or a reference corpus before `prepare`, by detector name.
    models: Mapping[str, Any] = field(default_factory=dict)
    # Findings of the detectors that ran before, for detectors that judge others' findings
    # (agency rates). Filled by the pipeline between detectors.
    earlier: Mapping[str, Sequence[Finding]] = field(default_factory=dict)

    def entity_of(self, applicant: str) -> str:
        found = self.entities.get(applicant)
        return found if found is not None else party_key(applicant)


class Detector(Protocol):
    # The Order No. 77 behaviour (a key of `BEHAVIOURS`) this detector reports.
    behaviour: str
    # A short name, unique among detectors, used in reports and settings.
    name: str

    def prepare(self, doc: PatentDocument, context: ScreeningContext) -> Any: ...

    def detect(self, prepared: Sequence[tuple[str, Any]], context: ScreeningContext) -> Findings:
        """`prepared` holds (application id, features) in input order."""
        ...


class FittedDetector(Detector, Protocol):
    def fit(self, documents: Iterable[PatentDocument]) -> Any: ...
