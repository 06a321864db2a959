"""The regions' dashboard: a subscriber's own feed as a web page, served by the feed API.

``sessions.py`` exchanges a feed API token for a session cookie, ``sections.py`` groups a
snapshot's cells into the regions' sections, ``trend.py`` reads the waiting-list trend
from the feed's history, ``charts.py`` lays out the server-drawn SVG charts, ``view.py``
puts a page together, ``labels.py`` holds its Dutch words and ``routes.py`` serves it
(templates in ``templates/``, its one script and style sheet in ``static/``).
"""
