"""The organisation registry: providers, their locations, certified institutions, contracts.

Operators manage it as data (``jeugdhub registry import|deactivate``); it lives on the
compacted topic ``jeugdhub.registry.v1`` and every hub process follows it, so an
organisation registered now can submit within seconds, without a restart.

- ``rows.py``: what a line of each registry file must look like;
- ``importing.py``: a directory of files checked row by row and against the registry,
  into the entries that change it (all or nothing);
- ``state.py``: the entries on the topic, as the organisations a process looks up;
- ``changes.py``: the one function that writes a change to the topic;
- ``follower.py``: how a process reads the topic and keeps up with it.
"""
