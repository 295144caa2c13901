"""Pure rules of the kindergarten queue (DOMAIN.md R1-R30).

Nothing here does I/O, reads the clock, touches SQL or imports Qt: time and data enter as
arguments, so the server and the desk share exactly one version of every rule.
"""
