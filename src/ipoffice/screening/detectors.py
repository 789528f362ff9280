"""The detectors a batch screening runs by default, one per behaviour of Order No. 77 Art. 3, in
the order they run: those judging applications on their own first, then those judging the
findings of others (agency rates, office rules on `behaviours`)."""

from __future__ import annotations

from collections.abc import Sequence

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.agencies import AgencyRateDetector
from ipoffice.screening.claims_quality import ClaimsQualityDetector
from ipoffice.screening.combination import SimpleCombinationDetector
from ipoffice.screening.copying import PriorArtCopyingDetector
from ipoffice.screening.detector import Detector
from ipoffice.screening.generated import MachineGeneratedDetector
from ipoffice.screening.linked import LinkedEntitiesDetector
from ipoffice.screening.near_duplicates import NearDuplicateDetector
from ipoffice.screening.office_rules import OfficeRulesDetector
from ipoffice.screening.rules import OfficeRule
from ipoffice.screening.volume import VolumeBurstDetector


def default_detectors(
    *,
    rules: Sequence[OfficeRule] = (),
    reference: Sequence[PatentDocument] = (),
) -> list[Detector]:
    """`rules`: the office's rules (Art. 3(8)); `reference`: prior-art documents that copies
    are looked for in, besides the earlier applications of the batch."""
    return [
        NearDuplicateDetector(),
        SimpleCombinationDetector(reference),
        PriorArtCopyingDetector(reference),
        MachineGeneratedDetector(),
        ClaimsQualityDetector(),
        VolumeBurstDetector(),
        LinkedEntitiesDetector(),
        AgencyRateDetector(),
        OfficeRulesDetector(rules),
    ]
