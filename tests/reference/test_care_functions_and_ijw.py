import pytest

from jeugdhub.errors import InvalidInputError, UnknownCodeError
from schemas.reference import ReferenceData

UTRECHT = "0344"
ALMERE = "0034"
EINDHOVEN = "0772"
ALL_IJW_CATEGORIES = [str(c) for c in [*range(31, 39), *range(40, 56)]]
PLACEMENTS = {
    "closed",
    "crisis",
    "residential-youth-parenting",
    "residential-clinical-mental-health",
    "residential-lvb",
    "residential-forensic",
    "residential-other",
    "family-home",
    "foster-care",
    "unconditional-housing",
}
NOT_PLACEMENTS = {
    "day-treatment",
    "specialist-ambulatory",
    "ambulatory",
    "justice-youth-probation",
    "justice-child-protection",
    "other",
}


def test_care_function_list_marks_stays_as_placements(reference: ReferenceData) -> None:
    for code in PLACEMENTS:
        assert reference.care_function(code).placement, code
    for code in NOT_PLACEMENTS:
        assert not reference.care_function(code).placement, code


def test_unknown_care_function_is_an_unknown_code_naming_the_field(
    reference: ReferenceData,
) -> None:
    with pytest.raises(UnknownCodeError) as error:
        reference.care_function("jeugdzorgplus", field="care.care_function")
    assert error.value.field == "care.care_function"


def test_every_national_ijw_category_is_known(reference: ReferenceData) -> None:
    for category in ALL_IJW_CATEGORIES:
        assert reference.ijw_category(category).category == category


@pytest.mark.parametrize(
    ("category", "care_function"),
    [
        ("35", "foster-care"),
        ("36", "family-home"),
        ("37", "closed"),
        ("42", "other"),
        ("43", "residential-youth-parenting"),
        ("44", "residential-other"),
        ("45", "ambulatory"),
        ("46", "crisis"),
        ("47", "justice-youth-probation"),
        ("48", "justice-child-protection"),
    ],
)
def test_category_without_product_code_gives_its_default(
    reference: ReferenceData, category: str, care_function: str
) -> None:
    assert reference.care_function_for_ijw(category, None, UTRECHT).code == care_function


@pytest.mark.parametrize("category", ["43", "44", "50", "52", "54", "55"])
def test_categories_that_hide_several_care_functions_need_a_product_code(
    reference: ReferenceData, category: str
) -> None:
    assert reference.ijw_category(category).needs_product_code


def test_category_37_is_closed_care_in_every_municipality(reference: ReferenceData) -> None:
    for region in reference.regions():
        for municipality in reference.municipalities_in(region.code):
            for product_code in (None, "JZP01", "X"):
                found = reference.care_function_for_ijw("37", product_code, municipality.code)
                assert found.code == "closed"


def test_regional_closed_care_code_in_category_43_is_closed_care(
    reference: ReferenceData,
) -> None:
    assert reference.care_function_for_ijw("43", "JZP01", UTRECHT).code == "closed"
    assert reference.care_function_for_ijw("43", "FJZP1", ALMERE).code == "closed"


def test_product_code_is_read_in_the_municipalitys_own_region(reference: ReferenceData) -> None:
    # JZP01 is an Utrecht-region code; Flevoland and Zuid-Oost Brabant do not use it.
    assert reference.care_function_for_ijw("43", "JZP01", ALMERE).code == (
        "residential-youth-parenting"
    )
    assert reference.care_function_for_ijw("43", "JZP01", EINDHOVEN).code == (
        "residential-youth-parenting"
    )


def test_unknown_product_code_gives_the_category_default(reference: ReferenceData) -> None:
    assert reference.care_function_for_ijw("43", "ZZ999", UTRECHT).code == (
        "residential-youth-parenting"
    )
    assert reference.care_function_for_ijw("44", "ZZ999", UTRECHT).code == "residential-other"


@pytest.mark.parametrize(
    ("category", "product_code", "care_function"),
    [
        ("44", "GZH01", "family-home"),
        ("44", "PLZ01", "foster-care"),
        ("44", "OVW01", "unconditional-housing"),
        ("46", "CRI01", "crisis"),
        ("52", "KGZ01", "residential-clinical-mental-health"),
        ("54", "KGZ01", "residential-clinical-mental-health"),
        ("55", "FOR02", "residential-forensic"),
        ("55", "LVB02", "residential-lvb"),
    ],
)
def test_regional_product_codes_recognise_the_supra_regional_care_functions(
    reference: ReferenceData, category: str, product_code: str, care_function: str
) -> None:
    assert reference.care_function_for_ijw(category, product_code, UTRECHT).code == care_function


def test_every_utrecht_flevoland_region_has_a_product_code_table(
    reference: ReferenceData,
) -> None:
    for region in reference.regions(cooperation="utrecht-flevoland"):
        municipality = reference.municipalities_in(region.code)[0]
        closed_code = "FJZP1" if region.code == "flevoland" else "JZP01"
        found = reference.care_function_for_ijw("43", closed_code, municipality.code)
        assert found.code == "closed", region.code


def test_unknown_ijw_category_is_an_unknown_code(reference: ReferenceData) -> None:
    with pytest.raises(UnknownCodeError) as error:
        reference.care_function_for_ijw("99", None, UTRECHT)
    assert error.value.field == "Product/Categorie"
    assert error.value.code == "99"


@pytest.mark.parametrize("category", ["4", "043", " 43", "43 ", "4a", ""])
def test_ijw_category_that_is_not_two_digits_is_invalid_input(
    reference: ReferenceData, category: str
) -> None:
    with pytest.raises(InvalidInputError) as error:
        reference.care_function_for_ijw(category, None, UTRECHT, field="StartProduct/Product")
    assert not isinstance(error.value, UnknownCodeError)
    assert error.value.field == "StartProduct/Product/Categorie"


@pytest.mark.parametrize("product_code", ["", "JZP001"])
def test_product_code_outside_one_to_five_characters_is_invalid_input(
    reference: ReferenceData, product_code: str
) -> None:
    with pytest.raises(InvalidInputError) as error:
        reference.care_function_for_ijw("43", product_code, UTRECHT)
    assert error.value.field == "Product/Code"


def test_ijw_classification_checks_the_commissioning_municipality(
    reference: ReferenceData,
) -> None:
    with pytest.raises(UnknownCodeError) as error:
        reference.care_function_for_ijw("37", None, "9999")
    assert error.value.field == "municipality"
