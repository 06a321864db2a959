"""Where a youth's counts are attributed to its municipality of residence.

A municipality's regime covers its own residents (Jeugdwet art. 2.1: the college is
responsible for the care of its residents, wherever they are placed), so its figures
count the youths who live there, not the places that lie there. DEFINITIONS.md
"Municipality of residence" defines them as the general figures of the youth's events
seen with the municipality (``youth.municipality``) as the home area and no provider
location: every count then lands in the municipality of the event that dates it (a stay
in that of its start, a waiting-list entry in that of its registration), and a
municipality's as-of is the latest date of its residents' counted events. Capacity
describes places, not residents: these figures have none.

Which events match which (entries, stays, re-placements) does not depend on where they
count, so the facts are derived once (``streams.youth_stage.trajectory``) and only re-attributed
here: each fact carries the municipality of the event it comes from. The totals and
figures of stage 2 then serve unchanged, so the municipality figures cannot drift from
the region ones.
"""

from dataclasses import replace

from streams.youth_stage.youth_facts import YouthFacts


def as_residents(facts: YouthFacts) -> YouthFacts:
    """The facts with the municipality of residence as home area and no location: every
    region field becomes the fact's municipality (so no stay is inter-regional)."""
    return YouthFacts(
        waiting_entries=tuple(
            replace(entry, home_region=entry.municipality) for entry in facts.waiting_entries
        ),
        refusals=tuple(replace(refusal, region=refusal.municipality) for refusal in facts.refusals),
        stays=tuple(
            replace(
                stay,
                location=None,
                provider_region=stay.municipality,
                home_region=stay.municipality,
                inter_regional=False,
            )
            for stay in facts.stays
        ),
        orphans=tuple(replace(orphan, home_region=orphan.municipality) for orphan in facts.orphans),
        touched=facts.touched_municipalities,
        touched_municipalities=facts.touched_municipalities,
        touched_providers=facts.touched_providers,
    )
