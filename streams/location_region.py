"""The youth-care region of a provider location, from the reference data."""

from functools import cache

from schemas.reference import reference_data


@cache
def location_region(provider_agb: str, location_code: str) -> str:
    """Cached: the stages ask once per event, and the reference data never changes in a run.

    The edge only lets through locations the reference data knows, so this never fails
    for a decoded event.
    """
    return reference_data().location(provider_agb, location_code).region_code
