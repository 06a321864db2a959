"""The numbers the simulator draws from, and why they are what they are.

Every figure is a rounded order of magnitude for the Netherlands around 2023-2024, written
from general knowledge of the CBS youth-care statistics (jeugdhulp met verblijf) and the
JeugdzorgPlus figures of Jeugdzorg Nederland, not copied from a checked source: plausible,
not authoritative. Change them here; nothing else in the simulator holds a number about
youth care.

Volumes (national, per year, transfers included)
    The brief gives ~900 JeugdzorgPlus (``closed``) placements a year with a mean stay of
    ~6 months, and ~43,000 youths a year in some residential care. The other care
    functions are chosen so that, summed over functions, starts per year plus the places
    occupied at any time (Little's law: occupancy = starts x mean stay) come to ~43,000
    youth-placements a year (~19,500 starts, ~23,500 occupied places; foster care is the
    largest share, as in CBS figures). Per function see ``CARE``.

Population share
    A region's demand is the national volume times its share of the ~17.9 million
    inhabitants. ``INHABITANTS`` holds approximate populations (CBS, 1 January 2024,
    rounded to thousands, from memory) of the 30 municipalities the reference data puts
    in Utrecht-Flevoland; together ~1.78 million (~9.9%; the brief's ~1.6 million is low,
    as the reference data counts Vijfheerenlanden and Wijdemeren in). Municipalities of
    other regions count as the national mean (17.9 million / 342). Youths live in a
    municipality of their home region drawn by these populations.

Ages at registration (0-17)
    ``ALL_AGES`` for crisis, family homes and foster care; ``SCHOOL_AGE`` (mostly 12-17)
    for residential youth and parenting care, LVB and other residential care; ``TEENS``
    (12-17, most 15-16) for closed and forensic care; clinical mental health from 6 with
    most 12-17; unconditional housing 15-17. 17-year-olds with a stay of months turn 18
    in care: half of those stays end at the 18th birthday (adult care, ``OTHER_DOMAIN``),
    the rest continue as extended youth care until at most the 21st birthday.

Path through the waiting list (days are means of exponential delays)
    New youths arrive as a Poisson process per home region and care function, at the
    rate of the starts that are no transfer, raised by the ~8% who give up before the
    municipality's assignment (so places still see the full demand). Registration; 10 days
    to the offer to the provider (reported 80% of the time); a provider refuses with
    ``refusal_chance`` after 5 days (contra-indication; the entry is removed as referred
    elsewhere and the youth is registered at another provider 3 days later, at most two
    refusals); otherwise intake after 7 days (reported 70%) and the municipality's
    assignment 7 days later. Then the youth waits for a free place at that location (first
    come, first served; transfers first). A youth withdraws when not placed within a
    patience of 270 days (exponential) from the first registration, 2 days for crisis
    care. Crisis care starts at registration in a free crisis place and the municipality's
    assignment follows after ~3 days (a crisis youth who finds no free place waits for one
    and gets no assignment: a simplification). Events happen at any hour (no office hours).

Places
    Youths are registered like a regional matching team would: at a location offering the
    function that has a free place if there is one, else at any; a location in the home
    region weighs 6, elsewhere in the home region's supra-regional cooperation 1.5, outside
    it 0.4 (the demo has two locations outside Utrecht-Flevoland), so there are
    inter-regional placements. Whether a placement is contracted follows the demo
    registry's contracts (``registry/demo/contracts.csv``), as for any source. A
    location's places are the demand its routing weight sends it, times the mean stay
    (Little's law; ``stays`` corrects the mean for stays the 18th birthday cuts short),
    divided by ``utilisation``: above 1 for the scarce functions (closed 1.15, clinical
    1.08, LVB and unconditional housing 1.05), so their waiting lists persist and
    waits run to months; 0.93-1.0 for the others, 0.8 for crisis. The opening balance
    (``opening``) fills each location to its expected occupancy and its waiting list to
    steady state. The region of a location agrees base availability of 80% of its places
    for the essential functions (``ESSENTIAL_FUNCTIONS``). About twice a year per location
    and function a few places close (at most a fifth) for 2 weeks to 3 months.

Stays and endings
    Length of stay: gamma distribution with the function's mean and shape. Suspensions
    (absconding from closed care, a hospital stay) last ~7 days. At the end a minor moves
    on to another provider with ``transfer_chance`` (about a fifth of all discharges):
    ``transfer_to`` names the next care function, among those that take youths of that
    age, and the youth is re-registered there within a week and placed first. Otherwise
    the end reason and destination come from ``END_REASONS`` and ``DESTINATIONS``.

Reports
    On time: ~1 hour after the fact (exponential). Late reports, double entries with their
    retraction and resubmissions are the run's parameters (``Simulation``).

Who reports
    Providers report registrations of voluntary care, status changes, removals, placements
    and capacity; the residence municipality reports assignments; a certified institution
    (``gi-wsg`` for LVB youths, ``gi-svmn`` otherwise) registers youths under a
    child-protection measure or youth probation (``justice_share``); the region of a
    location agrees its base availability.
"""

from dataclasses import dataclass

from schemas.vocabulary import Destination, EndReason, Referrer, RefusalReason

NATIONAL_INHABITANTS = 17_900_000
NATIONAL_MUNICIPALITIES = 342
# Approximate, see the module docstring. Keyed by CBS code.
INHABITANTS: dict[str, int] = {
    "0034": 226_000,  # Almere
    "0050": 24_000,  # Zeewolde
    "0171": 49_000,  # Noordoostpolder
    "0184": 22_000,  # Urk
    "0303": 43_000,  # Dronten
    "0307": 161_000,  # Amersfoort
    "0308": 25_000,  # Baarn
    "0310": 44_000,  # De Bilt
    "0312": 16_000,  # Bunnik
    "0313": 22_000,  # Bunschoten
    "0317": 9_000,  # Eemnes
    "0321": 51_000,  # Houten
    "0327": 31_000,  # Leusden
    "0331": 15_000,  # Lopik
    "0335": 14_000,  # Montfoort
    "0342": 48_000,  # Soest
    "0344": 374_000,  # Utrecht
    "0351": 14_000,  # Woudenberg
    "0352": 24_000,  # Wijk bij Duurstede
    "0353": 35_000,  # IJsselstein
    "0355": 66_000,  # Zeist
    "0356": 66_000,  # Nieuwegein
    "0589": 10_000,  # Oudewater
    "0632": 54_000,  # Woerden
    "0736": 45_000,  # De Ronde Venen
    "0995": 83_000,  # Lelystad
    "1581": 50_000,  # Utrechtse Heuvelrug
    "1696": 25_000,  # Wijdemeren
    "1904": 66_000,  # Stichtse Vecht
    "1961": 59_000,  # Vijfheerenlanden
}
DEFAULT_COOPERATION = "utrecht-flevoland"

# Relative weights of the ages 0..17 at registration.
ALL_AGES = (1.0,) * 12 + (1.2,) * 4 + (1.0, 0.6)
SCHOOL_AGE = (0.1,) * 4 + (0.4, 0.4, 0.5, 0.5, 0.6, 0.6, 0.7, 0.8) + (1.2, 1.4, 1.6, 1.6, 1.5, 1.0)
TEENS = (0.0,) * 12 + (0.3, 0.6, 1.0, 1.3, 1.5, 1.2)
CLINICAL_AGES = (0.0,) * 6 + (0.1, 0.1, 0.2, 0.2, 0.3, 0.4) + (0.8, 1.0, 1.3, 1.5, 1.5, 1.2)
OLDER_TEENS = (0.0,) * 15 + (0.5, 1.0, 1.2)


@dataclass(frozen=True, slots=True)
class CareProfile:
    """What the simulator assumes about one placement care function."""

    starts_per_year: int  # national placement starts, transfers into it included
    mean_stay_days: float
    stay_shape: float  # gamma shape of the length of stay: 1 is exponential, 2 less skewed
    utilisation: float  # expected demand for places / places: 1 or more is a shortage
    ages: tuple[float, ...]  # weights of ages 0..17 at registration
    justice_share: float  # registered by a GI under a measure or youth probation
    probation_share: float  # of those, youth probation (else a child-protection measure)
    refusal_chance: float  # a provider refuses the offer (contra-indication)
    suspension_chance: float  # the placement is interrupted once
    transfer_chance: float  # at the end the youth moves on to another provider
    transfer_to: tuple[tuple[str, float], ...]  # next care function and its weight


CARE: dict[str, CareProfile] = {
    "closed": CareProfile(
        starts_per_year=900,
        mean_stay_days=180,
        stay_shape=2.0,
        utilisation=1.15,
        ages=TEENS,
        justice_share=0.6,
        probation_share=0.15,
        refusal_chance=0.25,
        suspension_chance=0.30,
        transfer_chance=0.25,
        transfer_to=(
            ("residential-youth-parenting", 0.5),
            ("closed", 0.2),
            ("residential-lvb", 0.15),
            ("family-home", 0.15),
        ),
    ),
    "crisis": CareProfile(
        starts_per_year=4000,
        mean_stay_days=21,
        stay_shape=1.5,
        utilisation=0.80,
        ages=ALL_AGES,
        justice_share=0.2,
        probation_share=0.0,
        refusal_chance=0.0,
        suspension_chance=0.02,
        transfer_chance=0.35,
        transfer_to=(
            ("residential-youth-parenting", 0.4),
            ("foster-care", 0.4),
            ("family-home", 0.2),
        ),
    ),
    "residential-youth-parenting": CareProfile(
        starts_per_year=5000,
        mean_stay_days=270,
        stay_shape=2.0,
        utilisation=0.95,
        ages=SCHOOL_AGE,
        justice_share=0.25,
        probation_share=0.05,
        refusal_chance=0.15,
        suspension_chance=0.08,
        transfer_chance=0.20,
        transfer_to=(
            ("family-home", 0.3),
            ("residential-youth-parenting", 0.35),
            ("closed", 0.15),
            ("foster-care", 0.15),
            ("unconditional-housing", 0.05),
        ),
    ),
    "residential-clinical-mental-health": CareProfile(
        starts_per_year=2000,
        mean_stay_days=90,
        stay_shape=2.0,
        utilisation=1.08,
        ages=CLINICAL_AGES,
        justice_share=0.05,
        probation_share=0.0,
        refusal_chance=0.20,
        suspension_chance=0.05,
        transfer_chance=0.20,
        transfer_to=(
            ("residential-youth-parenting", 0.6),
            ("residential-clinical-mental-health", 0.2),
            ("residential-lvb", 0.2),
        ),
    ),
    "residential-lvb": CareProfile(
        starts_per_year=1200,
        mean_stay_days=365,
        stay_shape=2.0,
        utilisation=1.05,
        ages=SCHOOL_AGE,
        justice_share=0.2,
        probation_share=0.05,
        refusal_chance=0.20,
        suspension_chance=0.05,
        transfer_chance=0.15,
        transfer_to=(("residential-lvb", 0.6), ("family-home", 0.4)),
    ),
    "residential-forensic": CareProfile(
        starts_per_year=400,
        mean_stay_days=180,
        stay_shape=2.0,
        utilisation=1.0,
        ages=TEENS,
        justice_share=0.7,
        probation_share=0.7,
        refusal_chance=0.25,
        suspension_chance=0.15,
        transfer_chance=0.20,
        transfer_to=(("closed", 0.4), ("residential-youth-parenting", 0.6)),
    ),
    "residential-other": CareProfile(
        starts_per_year=800,
        mean_stay_days=180,
        stay_shape=2.0,
        utilisation=0.93,
        ages=SCHOOL_AGE,
        justice_share=0.1,
        probation_share=0.0,
        refusal_chance=0.10,
        suspension_chance=0.05,
        transfer_chance=0.15,
        transfer_to=(("residential-youth-parenting", 1.0),),
    ),
    "family-home": CareProfile(
        starts_per_year=1200,
        mean_stay_days=730,
        stay_shape=2.0,
        utilisation=0.97,
        ages=ALL_AGES,
        justice_share=0.3,
        probation_share=0.0,
        refusal_chance=0.10,
        suspension_chance=0.02,
        transfer_chance=0.15,
        transfer_to=(
            ("foster-care", 0.4),
            ("family-home", 0.3),
            ("residential-youth-parenting", 0.3),
        ),
    ),
    "foster-care": CareProfile(
        starts_per_year=4000,
        mean_stay_days=1277,
        stay_shape=1.5,
        utilisation=0.97,
        ages=ALL_AGES,
        justice_share=0.4,
        probation_share=0.0,
        refusal_chance=0.05,
        suspension_chance=0.01,
        transfer_chance=0.12,
        transfer_to=(("foster-care", 0.6), ("family-home", 0.4)),
    ),
    "unconditional-housing": CareProfile(
        starts_per_year=200,
        mean_stay_days=730,
        stay_shape=2.0,
        utilisation=1.05,
        ages=OLDER_TEENS,
        justice_share=0.1,
        probation_share=0.0,
        refusal_chance=0.10,
        suspension_chance=0.02,
        transfer_chance=0.10,
        transfer_to=(("unconditional-housing", 1.0),),
    ),
}
ESSENTIAL_FUNCTIONS = frozenset(
    {
        "closed",
        "crisis",
        "residential-clinical-mental-health",
        "residential-forensic",
        "residential-lvb",
        "unconditional-housing",
    }
)
CRISIS = "crisis"
LVB = "residential-lvb"

# Where youths are placed: weight of a location by where it lies.
SAME_REGION_WEIGHT = 6.0
SAME_COOPERATION_WEIGHT = 1.5
ELSEWHERE_WEIGHT = 0.4

# The waiting-list path: mean days of exponential delays, and chances.
OFFER_DAYS = 10.0
OFFER_REPORTED = 0.8
REFUSAL_DAYS = 5.0
REREGISTRATION_DAYS = 3.0
MAX_REFUSALS = 2
INTAKE_DAYS = 7.0
INTAKE_REPORTED = 0.7
ASSIGNMENT_DAYS = 7.0
CRISIS_ASSIGNMENT_DAYS = 3.0
PATIENCE_DAYS = 270.0
CRISIS_PATIENCE_DAYS = 2.0
REQUESTED_START_DAYS = (7, 60)  # the requested start lies this many days after registration
ASSIGNMENT_VALID_DAYS = 365

# Transfers: the next registration follows the end within this many days, placed first.
TRANSFER_GAP_DAYS = 7.0
TRANSFER_ASSIGNMENT_DAYS = 2.0
TRANSFER_PATIENCE_DAYS = 60.0

# Stays.
MIN_STAY_DAYS = 0.5
SUSPENSION_DAYS = 7.0
ADULT_AGE = 18
EXTENDED_CARE_UNTIL_AGE = 21
ENDS_AT_ADULTHOOD = 0.5  # of the stays that reach the 18th birthday
ADULT_END_WITHIN_DAYS = 7.0
OPENING_REPORT_HOURS = 6.0  # the opening balance is reported within the first hours

REFERRERS: tuple[tuple[Referrer, float], ...] = (
    (Referrer.MUNICIPALITY, 0.5),
    (Referrer.GENERAL_PRACTITIONER, 0.25),
    (Referrer.MEDICAL_SPECIALIST, 0.12),
    (Referrer.YOUTH_DOCTOR, 0.05),
    (Referrer.SELF, 0.08),
)
REFUSAL_REASONS: tuple[tuple[RefusalReason, float], ...] = (
    (RefusalReason.GROUP_COMPOSITION, 0.25),
    (RefusalReason.NO_MATCHING_EXPERTISE, 0.2),
    (RefusalReason.SAFETY_RISK, 0.15),
    (RefusalReason.COMPLEXITY, 0.15),
    (RefusalReason.NO_CAPACITY, 0.1),
    (RefusalReason.AGE, 0.05),
    (RefusalReason.OTHER, 0.1),
)
# Ordinary endings (not a transfer, not the 18+ transition), with their iJw code.
END_REASONS: tuple[tuple[tuple[EndReason, str], float], ...] = (
    ((EndReason.PLANNED, "31"), 0.6),
    ((EndReason.MUTUAL, "34"), 0.12),
    ((EndReason.PREMATURE_BY_CLIENT, "32"), 0.1),
    ((EndReason.PREMATURE_BY_PROVIDER, "33"), 0.08),
    ((EndReason.EXTERNAL, "35"), 0.05),
    ((EndReason.ADMINISTRATIVE, "36"), 0.05),
)
TRANSFER_END = (EndReason.TRANSFER_TO_OTHER_PROVIDER, "38")
ADULT_END = (EndReason.OTHER_DOMAIN, "39")
# None: the source does not know and leaves the destination out.
DESTINATIONS: tuple[tuple[Destination | None, float], ...] = (
    (Destination.HOME, 0.45),
    (Destination.LIGHTER_RESIDENTIAL, 0.15),
    (Destination.FOSTER_CARE, 0.08),
    (Destination.INDEPENDENT_LIVING, 0.07),
    (None, 0.25),
)
ADULT_DESTINATIONS: tuple[tuple[Destination, float], ...] = (
    (Destination.ADULT_CARE, 0.5),
    (Destination.INDEPENDENT_LIVING, 0.3),
    (Destination.UNCONDITIONAL_HOUSING, 0.1),
    (Destination.HOME, 0.1),
)

# Capacity changes per location and care function.
CLOSURE_EVERY_DAYS = 180.0
CLOSURE_LENGTH_DAYS = (14.0, 90.0)
CLOSURE_MAX_SHARE = 0.2
BASE_AVAILABILITY_SHARE = 0.8

# How fast sources report when they are on time (mean minutes, exponential).
REPORT_DELAY_MINUTES = 60.0

# Certified institutions: the William Schrikker Groep works with youths with a disability.
GI_FOR_LVB = "gi-wsg"
GI_OTHERWISE = "gi-svmn"
