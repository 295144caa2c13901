"""The service layer: one function a use case, each taking a session and ``now``.

Routers, the sync endpoint and the CLI call these and nothing below them, so a rule is
enforced in one place whichever way a request arrives.
"""
