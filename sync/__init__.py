"""The sync protocol (``protocol``) and the desk's sync engine (``client``)."""
