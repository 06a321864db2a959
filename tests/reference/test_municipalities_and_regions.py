import pytest
from hypothesis import given
from hypothesis import strategies as st

from jeugdhub.errors import InvalidInputError, UnknownCodeError
from schemas.reference import ReferenceData, reference_data

UTRECHT_FLEVOLAND = {
    "eemland": ("Eemland", 7),
    "flevoland": ("Flevoland", 6),
    "lekstroom": ("Lekstroom", 5),
    "utrecht-stad": ("Utrecht stad", 1),
    "utrecht-west": ("Utrecht-West", 6),
    "zuid-oost-utrecht": ("Zuid-Oost Utrecht", 5),
}


def test_all_342_municipalities_and_42_regions_load(reference: ReferenceData) -> None:
    regions = reference.regions()
    assert len(regions) == 42
    assert sum(len(reference.municipalities_in(r.code)) for r in regions) == 342


def test_every_region_has_municipalities_whose_region_it_is(reference: ReferenceData) -> None:
    for region in reference.regions():
        members = reference.municipalities_in(region.code)
        assert members
        assert {m.region_code for m in members} == {region.code}


def test_utrecht_flevoland_is_exactly_the_six_regions_with_their_municipalities(
    reference: ReferenceData,
) -> None:
    regions = reference.regions(cooperation="utrecht-flevoland")
    assert {r.code: r.name for r in regions} == {
        code: name for code, (name, _) in UTRECHT_FLEVOLAND.items()
    }
    for code, (_, count) in UTRECHT_FLEVOLAND.items():
        assert len(reference.municipalities_in(code)) == count


def test_regions_outside_a_cooperation_have_none(reference: ReferenceData) -> None:
    assert reference.region("zuid-oost-brabant").cooperation is None


def test_unknown_cooperation_is_an_unknown_code(reference: ReferenceData) -> None:
    with pytest.raises(UnknownCodeError) as error:
        reference.regions(cooperation="noord-nederland")
    assert error.value.field == "cooperation"


@pytest.mark.parametrize("code", ["0307", "GM0307", "gm0307"])
def test_cbs_code_with_or_without_gm_prefix_gives_amersfoort_in_eemland(
    reference: ReferenceData, code: str
) -> None:
    municipality = reference.municipality(code)
    assert (municipality.code, municipality.name) == ("0307", "Amersfoort")
    assert municipality.region_code == "eemland"


def test_almere_keeps_its_leading_zeros_and_lies_in_flevoland(reference: ReferenceData) -> None:
    almere = reference.municipality("0034")
    assert (almere.code, almere.name, almere.region_code) == ("0034", "Almere", "flevoland")


def test_every_municipality_code_is_four_digits_as_text(reference: ReferenceData) -> None:
    for region in reference.regions():
        for municipality in reference.municipalities_in(region.code):
            assert len(municipality.code) == 4
            assert municipality.code.isascii()
            assert municipality.code.isdigit()


def test_unknown_municipality_is_an_unknown_code_naming_the_field(
    reference: ReferenceData,
) -> None:
    with pytest.raises(UnknownCodeError) as error:
        reference.municipality("9999", field="Header/Gemeente")
    assert error.value.field == "Header/Gemeente"
    assert error.value.code == "9999"
    assert str(error.value).startswith("Header/Gemeente: ")


# The last is 0307 in Arabic-Indic digits, which Python's \d and int() would accept.
@pytest.mark.parametrize(
    "code", ["307", "03071", "GM307", " 0307", "0307\n", "O307", "\u0660\u0663\u0660\u0667"]
)
def test_municipality_code_that_is_not_four_digits_is_invalid_input(
    reference: ReferenceData, code: str
) -> None:
    with pytest.raises(InvalidInputError) as error:
        reference.municipality(code)
    assert not isinstance(error.value, UnknownCodeError)
    assert error.value.field == "municipality"


@given(st.text(max_size=8))
def test_any_text_is_a_municipality_or_a_named_input_error(code: str) -> None:
    try:
        municipality = reference_data().municipality(code)
    except InvalidInputError as error:
        assert error.field == "municipality"
    else:
        assert code.upper().removeprefix("GM") == municipality.code


def test_unknown_region_is_an_unknown_code(reference: ReferenceData) -> None:
    with pytest.raises(UnknownCodeError) as error:
        reference.municipalities_in("utrecht")
    assert error.value.field == "region"


def test_reference_data_is_loaded_once_per_process() -> None:
    assert reference_data() is reference_data()
