"""Jinja context for sqlfluff's jinja templater: the dbt objects its builtins lack. Lint reads
the SQL's structure, so each renders a stand-in of the right shape rather than real values."""

from __future__ import annotations

from collections.abc import Callable


def env_var(name: str, default: str = "") -> str:
    return default


class _Adapter:
    """`adapter.dispatch(name)(...)`: the engine-specific macros are expressions; render null."""

    def dispatch(self, *_args: object, **_kwargs: object) -> Callable[..., str]:
        return lambda *_a, **_k: "null"


adapter = _Adapter()
