import pytest

from jeugdhub.errors import InvalidInputError, UnknownCodeError
from schemas.reference import ReferenceData
from tests.reference.test_care_functions_and_ijw import PLACEMENTS


def test_every_location_lies_in_a_known_municipality_and_its_region(
    reference: ReferenceData,
) -> None:
    for location in reference.locations():
        municipality = reference.municipality(location.municipality_code)
        assert location.region_code == municipality.region_code


def test_every_location_offers_known_care_functions(reference: ReferenceData) -> None:
    for location in reference.locations():
        assert location.care_functions
        for code in location.care_functions:
            reference.care_function(code)


def test_locations_cover_all_six_utrecht_flevoland_regions_and_some_outside(
    reference: ReferenceData,
) -> None:
    cooperation = {r.code for r in reference.regions(cooperation="utrecht-flevoland")}
    regions = {location.region_code for location in reference.locations()}
    assert cooperation <= regions
    assert regions - cooperation


def test_every_placement_care_function_is_offered_somewhere(reference: ReferenceData) -> None:
    offered = set().union(*(location.care_functions for location in reference.locations()))

    assert offered >= PLACEMENTS


def test_demo_providers_have_obviously_invented_agb_codes(reference: ReferenceData) -> None:
    agb_codes = {location.agb_code for location in reference.locations()}
    assert len(agb_codes) >= 12
    for agb_code in agb_codes:
        provider = reference.provider(agb_code)
        assert provider.invented
        assert provider.agb_code.startswith("99")
        assert len(provider.agb_code) == 8


def test_location_is_found_by_provider_and_location_code(reference: ReferenceData) -> None:
    location = reference.location("99000015", "L01")
    assert location.region_code == "zuid-oost-utrecht"
    assert "closed" in location.care_functions
    assert [loc.location_code for loc in reference.locations("99000015")] == ["L01", "L02"]


def test_unknown_location_is_an_unknown_code(reference: ReferenceData) -> None:
    with pytest.raises(UnknownCodeError) as error:
        reference.location("99000015", "L99")
    assert error.value.field == "provider_location"


def test_unknown_provider_is_an_unknown_code_naming_the_field(reference: ReferenceData) -> None:
    assert not reference.is_known_provider("12345678")
    with pytest.raises(UnknownCodeError) as error:
        reference.provider("12345678", field="Header/Afzender")
    assert error.value.field == "Header/Afzender"


@pytest.mark.parametrize("agb_code", ["9900001", "990000011", "9900000A", " 99000001"])
def test_agb_code_that_is_not_eight_digits_is_invalid_input(
    reference: ReferenceData, agb_code: str
) -> None:
    assert not reference.is_known_provider(agb_code)
    with pytest.raises(InvalidInputError) as error:
        reference.provider(agb_code)
    assert not isinstance(error.value, UnknownCodeError)
    assert error.value.field == "provider_agb"


def test_certified_institutions_are_separate_from_providers(reference: ReferenceData) -> None:
    svmn = reference.certified_institution("gi-svmn")
    assert svmn.name == "Samen Veilig Midden-Nederland"
    assert svmn.invented
    assert reference.certified_institution("gi-wsg").name == "William Schrikker Groep"
    names = {reference.provider(loc.agb_code).name for loc in reference.locations()}
    assert not names & {"Samen Veilig Midden-Nederland", "William Schrikker Groep"}


def test_unknown_certified_institution_is_an_unknown_code(reference: ReferenceData) -> None:
    with pytest.raises(UnknownCodeError) as error:
        reference.certified_institution("gi-unknown")
    assert error.value.field == "certified_institution"
