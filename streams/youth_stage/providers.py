"""Where a youth's counts are attributed to the provider that gives or was asked for care.

A provider knows its own clients: whatever the region figures show it, it can take its
own part off them. So the provider regime's context is protected as what it cannot know
(the other providers' part of each region figure), and that needs its own part of every
region figure, counted exactly as the region counts it. DEFINITIONS.md "Provider part"
defines it: the general figures restricted to the facts that name the provider, each in
the region where the region figures count it (a stay in its provider region, a
waiting-list entry in its home region, a refusal where it is counted), as the area
``<AGB code>@<region>`` (``schemas.aggregates.provider_part``, the topic's key).

As for the municipality figures (``streams.youth_stage.residents``) the facts are derived once and
only re-attributed here: every fact carries the AGB code of the provider its event names.
"""

from dataclasses import replace

from schemas.aggregates import provider_part
from streams.youth_stage.youth_facts import YouthFacts


def as_provider_parts(facts: YouthFacts) -> YouthFacts:
    """The facts that name a provider, each moved to that provider's part of the region
    it counts in; facts that name no provider are left out. A stay's home area becomes
    its own area too (the flow matrix is not a provider figure)."""
    stays = []
    for stay in facts.stays:
        area = provider_part(stay.provider_agb, stay.provider_region)
        if area is not None:
            stays.append(
                replace(stay, provider_region=area, home_region=area, inter_regional=False)
            )
    return YouthFacts(
        waiting_entries=tuple(
            replace(entry, home_region=area)
            for entry in facts.waiting_entries
            if (area := provider_part(entry.provider_agb, entry.home_region)) is not None
        ),
        refusals=tuple(
            replace(refusal, region=area)
            for refusal in facts.refusals
            if (area := provider_part(refusal.provider_agb, refusal.region)) is not None
        ),
        stays=tuple(stays),
        orphans=tuple(
            replace(orphan, home_region=area)
            for orphan in facts.orphans
            if (area := provider_part(orphan.provider_agb, orphan.home_region)) is not None
        ),
        touched=facts.touched_providers,
        touched_municipalities=facts.touched_municipalities,
        touched_providers=facts.touched_providers,
    )
