"""The youth-care region of a provider location, from the organisation registry."""

from functools import cache

from jeugdhub.errors import UnknownCodeError
from schemas.reference import organisations, reference_data


@cache
def location_region(provider_agb: str, location_code: str) -> str:
    """Cached: the stages ask once per event, and a location never changes its region.

    The edge only lets through locations the registry knows. A location registered just
    before its first event may not have reached this process's registry yet: then it
    catches up with the registry topic once, which holds the location by now.
    """
    try:
        return reference_data().location(provider_agb, location_code).region_code
    except UnknownCodeError:
        if not organisations.catch_up():
            raise
        return reference_data().location(provider_agb, location_code).region_code
