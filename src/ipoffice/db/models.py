"""Imports every domain's tables so `Base.metadata` is complete (migrations, tests)."""

from ipoffice.applications import models as applications_models
from ipoffice.core import models as core_models
from ipoffice.db.base import Base
from ipoffice.parties import models as parties_models
from ipoffice.patents import models as patents_models
from ipoffice.screening import models as screening_models

metadata = Base.metadata

__all__ = [
    "applications_models",
    "core_models",
    "metadata",
    "parties_models",
    "patents_models",
    "screening_models",
]
