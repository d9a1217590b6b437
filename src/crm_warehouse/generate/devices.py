"""Devices (cookies / app installs): each person browses on one to four anonymous ids."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from crm_warehouse.contract import ENUMS
from crm_warehouse.generate import text
from crm_warehouse.generate.context import NS_ANONYMOUS, NS_STORE_TABLET, Context
from crm_warehouse.generate.people import People

DEVICE_TYPES: tuple[str, ...] = ENUMS[("web_events", "device_type")]
PLATFORMS: tuple[str, ...] = ENUMS[("web_events", "platform")]
MAX_DEVICES = 4


@dataclass
class Devices:
    person: np.ndarray  # local person index, sorted
    device_type: np.ndarray  # index into DEVICE_TYPES
    platform: np.ndarray  # index into PLATFORMS
    anonymous_id: pa.Array
    first: np.ndarray  # per person: index of their first device
    count: np.ndarray  # per person


def generate_devices(ctx: Context, people: People, chunk: int, rng: np.random.Generator) -> Devices:
    p = ctx.params
    count = np.minimum(1 + rng.poisson(p.devices_extra_mean, people.n), MAX_DEVICES)
    person = np.repeat(np.arange(people.n), count)
    total = len(person)
    weights = np.array([p.device_type_mix[name] for name in DEVICE_TYPES])
    device_type = rng.choice(len(DEVICE_TYPES), total, p=weights / weights.sum())
    roll = rng.random(total)
    on_wechat = people.has_platform[person, 0]
    mobile_platform = np.where(
        roll < 0.35,
        PLATFORMS.index("web"),
        np.where(
            (roll < 0.65) & on_wechat, PLATFORMS.index("mini_program"), PLATFORMS.index("app")
        ),
    )
    platform = np.select(
        [device_type == DEVICE_TYPES.index("mobile"), device_type == DEVICE_TYPES.index("tablet")],
        [mobile_platform, np.where(roll < 0.6, PLATFORMS.index("web"), PLATFORMS.index("app"))],
        default=PLATFORMS.index("web"),
    )
    first = np.concatenate([[0], np.cumsum(count)[:-1]])
    return Devices(
        person=person,
        device_type=device_type,
        platform=platform,
        anonymous_id=text.opaque_ids("a", NS_ANONYMOUS, chunk, np.arange(total)),
        first=first,
        count=count,
    )


def store_tablet_ids(store_count: int) -> pa.Array:
    """The in-store tablet of each store: one anonymous id shared by every visitor using it."""
    return text.opaque_ids("a", NS_STORE_TABLET, 0, np.arange(store_count))


def pick_device(devices: Devices, person: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random device of each given person."""
    return devices.first[person] + (rng.random(len(person)) * devices.count[person]).astype(
        np.int64
    )
