"""Which areas' figures a subscriber's release covers, from its regime's scope.

A municipality sees its own residents (wherever they wait or are placed) and the
capacity of its region; a region subscriber sees its own region; the supra-regional
cooperation sees the six Utrecht-Flevoland regions; a provider sees the regions it has
locations in (region-level context; its own locations' capacity comes with them); a
certified institution sees the justice figures of the regions it works in
(Utrecht-Flevoland); the public sees every region the hub has figures of.
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


def counts_residents(scope_kind: str) -> bool:
    """Whether the scope's person-derived figures count residents, not places.

    A municipality's regime covers its own residents: a region's counts would show it
    other municipalities' residents, so its figures come from the figures per
    municipality of residence (``streams.youth_stage.residents``) instead of the region figures.
    """
    return scope_kind == "own-municipality"


def person_figure_areas(scope_kind: str, scope: str | None) -> list[str]:
    """The areas whose person-derived figures the scope's releases are made of: its
    municipality's CBS code where it counts residents, else its regions."""
    if counts_residents(scope_kind):
        assert scope is not None  # checked when the subscriber was added
        return [reference_data().municipality(scope).code]
    return regions_in_scope(scope_kind, scope)
