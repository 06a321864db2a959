"""The feed HTTP API: where a subscriber reads its own feed topic over HTTP.

``follower.py`` reads each feed topic once per process, ``replay.py`` reads back what a
resuming stream missed, ``csv_export.py`` writes the cells as Dutch Excel opens them, and
``app.py`` puts it behind authenticated routes.
"""
