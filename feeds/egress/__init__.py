"""The egress: from the internal full-detail region figures to one feed per recipient.

``history`` keeps the figures of each region per event day, ``periods`` says which periods
of a regime's cadence have closed, ``counts`` turns a region's figures into the true
person-derived counts of one period (with their cell keys), ``capacity`` the live capacity
figures; ``privacy.disclosure`` protects the counts under the recipient's regime, and
``release`` puts the result into a ``FeedRelease``. ``process`` is the only part that
talks to Kafka.
"""
