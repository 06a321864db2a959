"""Disclosure control: what protects a person-derived count before it leaves the hub.

One cell model (``cells``), one method per module, one entry point (``protect``); the
explanation of what each method guarantees is ``privacy/disclosure/README.md``.
"""
