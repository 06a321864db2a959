"""Reference data of the hub: municipalities and youth-care regions, care functions, the
iJw product tables, and the providers, locations and certified institutions of the demo.

The files live in ``data/`` inside the package (see its README for sources and what is
invented). They are read and validated once per process by :func:`reference_data`; a
broken file stops the hub with a ``ReferenceDataError`` naming the file and line.
"""

from schemas.reference.errors import ReferenceDataError
from schemas.reference.lookup import ReferenceData, reference_data
from schemas.reference.models import (
    CareFunction,
    CertifiedInstitution,
    IjwProductCategory,
    Location,
    Municipality,
    Provider,
    Region,
)

__all__ = [
    "CareFunction",
    "CertifiedInstitution",
    "IjwProductCategory",
    "Location",
    "Municipality",
    "Provider",
    "ReferenceData",
    "ReferenceDataError",
    "Region",
    "reference_data",
]
