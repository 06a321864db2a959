"""Synthetic youths: BSN, birth date, name and address in a municipality of their region.

Everything here is invented; the fields still carry the habits of real personal data
(hidden from ``repr``, never logged).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from random import Random
from typing import Any

from connectors.simulator import assumptions
from connectors.simulator.bsn import BsnSource
from connectors.simulator.clock import local_date, midnight, years_after
from connectors.simulator.weighted import Weighted
from jeugdhub.errors import InvalidInputError
from schemas.reference import reference_data

_FIRST_NAMES = (
    "Emma", "Noah", "Julia", "Liam", "Mila", "Luca", "Sophie", "Daan", "Tess", "Sem",
    "Zoë", "Finn", "Nora", "Levi", "Yara", "Milan", "Saar", "Mohammed", "Lotte", "Adam",
    "Fenna", "Bram", "Amira", "Jesse", "Lina", "Thijs", "Noor", "Ryan", "Evi", "Youssef",
    "Isa", "Ravi", "Fleur", "Mees", "Aya", "Lars", "Sara", "Gijs", "Hanna", "Stijn",
)  # fmt: skip
_SURNAMES = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
    "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
    "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Yilmaz",
    "El Amrani", "Kaya", "Sedney", "Pinas", "Nguyen", "Kramer", "van der Meer",
)  # fmt: skip
_STREETS = (
    "Dorpsstraat", "Kerkstraat", "Molenweg", "Schoolstraat", "Julianalaan", "Beatrixstraat",
    "Stationsweg", "Prinses Irenelaan", "Lindelaan", "Eikenlaan", "Parallelweg", "Tulpstraat",
    "Vondellaan", "Kastanjelaan", "Merelstraat", "Havenstraat",
)  # fmt: skip
# Without I and O (they read as digits) and S (PostNL does not issue SA, SD and SS).
_POSTCODE_LETTERS = "ABCDEFGHJKLMNPRTUVWXZ"


@dataclass(frozen=True, slots=True)
class Youth:
    """One synthetic youth: what a source knows, and the birthdays the flow needs."""

    region: str
    municipality: str
    birth_date: date = field(repr=False)
    adult_at: float = field(repr=False)  # start of the 18th birthday
    extended_care_until: float = field(repr=False)  # start of the 21st birthday
    identity: dict[str, Any] = field(repr=False)  # bsn, birth_date, name, municipality
    address: dict[str, str] = field(repr=False)

    def age_on(self, day: date) -> int:
        """Completed years on ``day``."""
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def as_sent(self) -> dict[str, Any]:
        """The ``youth`` of a raw record; a fresh copy, so a caller may change it."""
        return {**self.identity, "address": dict(self.address)}


@cache
def _postcode_areas() -> dict[str, tuple[int, ...]]:
    """PC4 areas per municipality, as far as the reference data can place them."""
    areas: dict[str, list[int]] = {}
    data = reference_data()
    for pc4 in range(1000, 10_000):
        try:
            code = data.municipality_for_postcode(str(pc4)).code
        except InvalidInputError:
            continue
        areas.setdefault(code, []).append(pc4)
    return {code: tuple(found) for code, found in areas.items()}


def _residences(region: str) -> Weighted[tuple[str, str]]:
    """Code and name of the municipalities of a region, weighted by (approximate) inhabitants."""
    mean = assumptions.NATIONAL_INHABITANTS / assumptions.NATIONAL_MUNICIPALITIES
    return Weighted(
        ((m.code, m.name), assumptions.INHABITANTS.get(m.code, mean))
        for m in reference_data().municipalities_in(region)
    )


class People:
    """Makes youths; each gets a BSN no other youth of the run has."""

    def __init__(self, rng: Random, regions: tuple[str, ...]) -> None:
        self._rng = rng
        self._bsns = BsnSource(rng)
        self._residences = {region: _residences(region) for region in regions}
        self._postcodes = _postcode_areas()

    def new(self, region: str, age: int, on: float) -> Youth:
        """A youth of the region who is ``age`` (completed years) at the moment ``on``."""
        rng = self._rng
        code, name = self._residences[region].pick(rng)
        today = local_date(on)
        # From 29 February back to a year without it would land on 1 March and make the
        # youth a year younger than ``age``; go back from 28 February instead.
        base = today.replace(day=28) if (today.month, today.day) == (2, 29) else today
        birth = years_after(base, -age) - timedelta(days=rng.randrange(365))
        address = {
            "street": rng.choice(_STREETS),
            "house_number": str(rng.randint(1, 250)),
            "city": name,
        }
        areas = self._postcodes.get(code)
        if areas:
            letters = rng.choice(_POSTCODE_LETTERS) + rng.choice(_POSTCODE_LETTERS)
            address["postcode"] = f"{rng.choice(areas)} {letters}"
        fields = {
            "bsn": self._bsns.next(),
            "birth_date": birth.isoformat(),
            "name": f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}",
            "municipality": code,
        }
        return Youth(
            region=region,
            municipality=code,
            birth_date=birth,
            adult_at=midnight(years_after(birth, assumptions.ADULT_AGE)),
            extended_care_until=midnight(years_after(birth, assumptions.EXTENDED_CARE_UNTIL_AGE)),
            identity=fields,
            address=address,
        )
