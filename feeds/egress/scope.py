"""Which regions' figures a subscriber's release covers, from its regime's scope.

A region subscriber sees its own region; the supra-regional cooperation and the public
see the six Utrecht-Flevoland regions; a provider sees the regions it has locations in
(region-level context; its own locations' capacity comes with them); a certified
institution sees the justice figures of the regions it works in (Utrecht-Flevoland);
the public sees every region the hub has figures of.
"""

from schemas.reference import reference_data

UTRECHT_FLEVOLAND = "utrecht-flevoland"


def regions_in_scope(scope_kind: str, scope: str | None) -> list[str]:
    data = reference_data()
    if scope_kind == "own-region":
        assert scope is not None  # checked when the subscriber was added
        return [data.region(scope).code]
    if scope_kind == "own-municipality":
        assert scope is not None
        return [data.municipality(scope).region_code]
    if scope_kind == "own-provider":
        assert scope is not None
        return sorted({location.region_code for location in data.locations(scope)})
    if scope_kind == "national":
        return [region.code for region in data.regions()]
    return [region.code for region in data.regions(UTRECHT_FLEVOLAND)]


def has_person_figures(scope_kind: str) -> bool:
    """Whether the hub's aggregates can serve the scope's person-derived figures.

    A municipality's regime covers its own residents, and the aggregates are per region:
    a region's counts would show it other municipalities' residents. Until the stream
    worker counts per municipality of residence, a municipality gets capacity only.
    """
    return scope_kind != "own-municipality"
