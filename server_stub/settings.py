"""Server settings: defaults, then a TOML file, then ``KEZEK_*`` environment variables.

The region's :class:`domain.policy.Policy` is part of the settings (``[policy]`` table of
the TOML file, or a separate file named by ``policy_file``).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from domain.policy import DEFAULT_POLICY, Policy
from server_stub.db import default_sqlite_url


def _data_dir() -> Path:
    return Path(os.environ.get("KEZEK_DATA_DIR", Path.home() / ".local" / "share" / "kezek"))


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_sqlite_url)
    host: str = "127.0.0.1"
    port: int = 8750
    # exposes POST /api/v1/dev/clock; never on in production
    dev_clock: bool = False
    policy: Policy = DEFAULT_POLICY
    # where the dev SMS gateway appends messages (one JSON object a line)
    sms_outbox_path: Path = field(default_factory=lambda: _data_dir() / "sms-outbox.jsonl")
    token_ttl_hours: int = 12
    parent_token_ttl_hours: int = 2
    code_ttl_minutes: int = 5
    code_max_attempts: int = 5
    # how often the scheduler runs deadlines and sends SMS; 0 disables it (tests tick)
    scheduler_interval_seconds: float = 30.0
    # how long the desks' change feed is kept; a desk offline longer re-downloads a
    # snapshot (410 on its old cursor) and keeps its unsent work
    feed_retention_days: int = 60

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: Any) -> Settings:
        values: dict[str, Any] = {}
        config_path = path or os.environ.get("KEZEK_CONFIG")
        if config_path:
            with open(config_path, "rb") as fh:
                values.update(tomllib.load(fh))
        for f in dataclasses.fields(cls):
            env = os.environ.get(f"KEZEK_{f.name.upper()}")
            if env is not None:
                values[f.name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        policy_data = values.pop("policy", None)
        policy_file = values.pop("policy_file", None)
        policy = DEFAULT_POLICY
        if policy_file:
            policy = Policy.from_toml(policy_file)
        elif isinstance(policy_data, dict):
            policy = Policy.from_mapping(policy_data)
        elif isinstance(policy_data, Policy):
            policy = policy_data
        return cls(policy=policy, **{k: _coerce(k, v) for k, v in values.items()})


def _coerce(name: str, value: Any) -> Any:
    kind = {f.name: f.type for f in dataclasses.fields(Settings)}.get(name)
    if kind is None:
        raise ValueError(f"unknown setting {name!r}")
    if not isinstance(value, str):
        return value
    if kind == "bool":
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "Path":
        return Path(value)
    return value
