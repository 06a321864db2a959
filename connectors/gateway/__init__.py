"""The HTTP ingest gateway (``jeugdhub gateway``)."""
