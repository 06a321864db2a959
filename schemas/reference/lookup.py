"""The reference data as the hub asks for it: look-ups that name the field they check.

Every look-up raises ``UnknownCodeError`` for a well-formed code the data does not know and
``InvalidInputError`` for a malformed one, with the caller's field name, so a connector
can pass the error straight on to whoever sent the record. Organisations and contracts
are the registry's current state in this process (``schemas.reference.organisations``).
"""

import bisect
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Self

from jeugdhub.errors import InvalidInputError, UnknownCodeError
from schemas.reference import codes, organisations
from schemas.reference.loading import Tables, load_tables
from schemas.reference.models import (
    CareFunction,
    CertifiedInstitution,
    Contract,
    IjwProductCategory,
    Location,
    Municipality,
    Provider,
    Region,
)

DATA_DIR = Path(__file__).with_name("data")


class ReferenceData:
    """Municipalities, regions, care functions, iJw product tables, providers, locations."""

    def __init__(self, tables: Tables) -> None:
        self._tables = tables

    @classmethod
    def load(cls, data_dir: Path | None = None, year: int = 2025) -> Self:
        """Read and validate every file; ``ReferenceDataError`` names the file and line."""
        return cls(load_tables(DATA_DIR if data_dir is None else data_dir, year))

    def municipality(self, code: str, field: str = "municipality") -> Municipality:
        """By CBS code, with or without the GM prefix (``0307``, ``GM0307``)."""
        cbs_code = codes.municipality_code(code, field)
        found = self._tables.municipalities.get(cbs_code)
        if found is None:
            raise UnknownCodeError(field, cbs_code, "municipality")
        return found

    def region(self, code: str, field: str = "region") -> Region:
        found = self._tables.regions.get(code)
        if found is None:
            raise UnknownCodeError(field, code, "region")
        return found

    def regions(self, cooperation: str | None = None) -> list[Region]:
        """All regions, or those of one supra-regional cooperation, ordered by code."""
        regions = sorted(self._tables.regions.values(), key=lambda region: region.code)
        if cooperation is None:
            return regions
        members = [region for region in regions if region.cooperation == cooperation]
        if not members:
            raise UnknownCodeError("cooperation", cooperation, "cooperation")
        return members

    def municipalities_in(self, region_code: str) -> list[Municipality]:
        """The municipalities of a region, ordered by CBS code."""
        region = self.region(region_code)
        return sorted(
            (m for m in self._tables.municipalities.values() if m.region_code == region.code),
            key=lambda municipality: municipality.code,
        )

    def care_function(self, code: str, field: str = "care_function") -> CareFunction:
        found = self._tables.care_functions.get(code)
        if found is None:
            raise UnknownCodeError(field, code, "care function")
        return found

    def ijw_category(self, category: str, field: str = "Product/Categorie") -> IjwProductCategory:
        """A national iJw product category (JZ020), exactly two digits."""
        found = self._tables.ijw_categories.get(codes.ijw_category(category, field))
        if found is None:
            raise UnknownCodeError(field, category, "iJw product category")
        return found

    def care_function_for_ijw(
        self,
        category: str,
        product_code: str | None,
        municipality_code: str,
        field: str = "Product",
    ) -> CareFunction:
        """The care function of an iJw product, as the commissioning municipality means it.

        Product codes are regional, so the code is looked up in the table of the
        municipality's region; a code that table does not hold (or no code) gets the
        category's default.
        """
        known = self.ijw_category(category, f"{field}/Categorie")
        region_code = self.municipality(municipality_code).region_code
        if product_code is not None:
            codes.ijw_product_code(product_code, f"{field}/Code")
            specific = self._tables.ijw_product_codes.get(
                (region_code, known.category, product_code)
            )
            if specific is not None:
                return self.care_function(specific)
        return self.care_function(known.default_care_function)

    def care_functions_of_ijw_category(
        self, category: str, municipality_code: str, field: str = "Product"
    ) -> set[CareFunction]:
        """What a product of ``category`` without a code can be, as the municipality means it.

        The category's default and every care function the region's product codes in that
        category stand for (an aspecific assignment names the category only).
        """
        known = self.ijw_category(category, f"{field}/Categorie")
        region_code = self.municipality(municipality_code).region_code
        codes_in_category = {
            function
            for (region, in_category, _), function in self._tables.ijw_product_codes.items()
            if region == region_code and in_category == known.category
        }
        return {
            self.care_function(code) for code in {known.default_care_function, *codes_in_category}
        }

    def provider(self, agb_code: str, field: str = "provider_agb") -> Provider:
        """A registered provider, active or not (its history keeps a known sender)."""
        found = organisations.current().providers.get(codes.agb_code(agb_code, field))
        if found is None:
            raise UnknownCodeError(field, agb_code, "provider AGB")
        return found

    def is_known_provider(self, agb_code: str) -> bool:
        """Whether ``agb_code`` is a registered provider (False if malformed)."""
        return agb_code in organisations.current().providers

    def location(
        self, agb_code: str, location_code: str, field: str = "provider_location"
    ) -> Location:
        key = (codes.agb_code(agb_code, field), location_code)
        found = organisations.current().locations.get(key)
        if found is None:
            raise UnknownCodeError(field, f"{agb_code}/{location_code}", "provider location")
        return found

    def locations(self, agb_code: str | None = None) -> list[Location]:
        """All locations, or those of one provider, ordered by AGB and location code."""
        if agb_code is not None:
            self.provider(agb_code)
        return [
            location
            for _, location in sorted(organisations.current().locations.items())
            if agb_code is None or location.agb_code == agb_code
        ]

    def providers(self) -> list[Provider]:
        """Every registered provider, deactivated ones too, ordered by AGB code."""
        return sorted(organisations.current().providers.values(), key=lambda p: p.agb_code)

    def certified_institution(
        self, code: str, field: str = "certified_institution"
    ) -> CertifiedInstitution:
        found = organisations.current().certified_institutions.get(code)
        if found is None:
            raise UnknownCodeError(field, code, "certified institution")
        return found

    def certified_institutions(self) -> list[CertifiedInstitution]:
        institutions = organisations.current().certified_institutions.values()
        return sorted(institutions, key=lambda institution: institution.code)

    def contracts(self, agb_code: str | None = None) -> list[Contract]:
        """Every contract, or those of one provider, by region, provider, function, start."""
        found = [
            contract
            for contracts in organisations.current().contracts.values()
            for contract in contracts
            if agb_code is None or contract.agb_code == agb_code
        ]
        return sorted(
            found, key=lambda c: (c.region_code, c.agb_code, c.care_function, c.valid_from)
        )

    def is_contracted(self, region_code: str, agb_code: str, care_function: str, day: date) -> bool:
        """Whether ``region_code`` had bought ``care_function`` from the provider on ``day``."""
        contracts = organisations.current().contracts.get((region_code, agb_code, care_function))
        return any(contract.covers(day) for contract in contracts or ())

    def municipality_for_postcode(self, postcode: str, field: str = "postcode") -> Municipality:
        """The municipality of a Dutch postcode, by its four digits (PC4).

        Only the PC4 areas in ``postcodes-pc4-<year>.csv`` are known (see the data README);
        for other addresses the sender must give the municipality code itself. Errors
        never repeat the postcode: with a house number it points at one home.
        """
        match = re.fullmatch(r"([1-9][0-9]{3}) ?(?:[A-Za-z]{2})?", postcode.strip())
        if match is None:
            raise InvalidInputError(field, "is not a Dutch postcode (1234 AB)")
        pc4 = int(match.group(1))
        ranges = self._tables.postcode_ranges
        index = bisect.bisect_right(ranges, (pc4, 10_000, "")) - 1
        if index < 0 or not ranges[index][0] <= pc4 <= ranges[index][1]:
            raise InvalidInputError(
                field,
                "lies in a postcode area the hub cannot place in a municipality; "
                "send the municipality code instead",
            )
        return self._tables.municipalities[ranges[index][2]]


@cache
def reference_data() -> ReferenceData:
    """The reference data shipped with jeugdhub, read and validated once per process."""
    return ReferenceData.load()
