"""Jinja context for sqlfluff's jinja templater: dbt functions its builtins lack."""


def env_var(name: str, default: str = "") -> str:
    return default


def adapter_dispatch(*_args: object, **_kwargs: object) -> None:
    return None
