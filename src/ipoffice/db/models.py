"""Imports every domain's tables so `Base.metadata` is complete (migrations, tests)."""

from ipoffice.applications import models as applications_models
from ipoffice.core import models as core_models
from ipoffice.db.base import Base
from ipoffice.parties import models as parties_models
from ipoffice.patents import models as patents_models
from ipoffice.protection import case_models as protection_case_models
from ipoffice.protection import clue_models as protection_clue_models
from ipoffice.protection import credit_models as protection_credit_models
from ipoffice.protection import typical_models as protection_typical_models
from ipoffice.screening import models as screening_models
from ipoffice.trademarks import bad_faith_models as trademark_bad_faith_models
from ipoffice.trademarks import examination_models as trademark_examination_models
from ipoffice.trademarks import models as trademark_models

metadata = Base.metadata

__all__ = [
    "applications_models",
    "core_models",
    "metadata",
    "parties_models",
    "patents_models",
    "protection_case_models",
    "protection_clue_models",
    "protection_credit_models",
    "protection_typical_models",
    "screening_models",
    "trademark_bad_faith_models",
    "trademark_examination_models",
    "trademark_models",
]
