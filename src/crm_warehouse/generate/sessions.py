"""Visits that other systems cause (a social link click, a message click) handed to the web
simulation, which gives them a funnel depth and events."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class VisitRequests:
    person: list[np.ndarray] = field(default_factory=list)
    device: list[np.ndarray] = field(default_factory=list)
    start: list[np.ndarray] = field(default_factory=list)
    source: list[np.ndarray] = field(default_factory=list)  # index into traffic_sources
    campaign: list[np.ndarray] = field(default_factory=list)  # campaign index or -1
    kol: list[np.ndarray] = field(default_factory=list)  # kol index or -1

    def add(
        self,
        person: np.ndarray,
        device: np.ndarray,
        start: np.ndarray,
        source: np.ndarray,
        campaign: np.ndarray | int = -1,
        kol: np.ndarray | int = -1,
    ) -> None:
        n = len(person)
        self.person.append(np.asarray(person, dtype=np.int64))
        self.device.append(np.asarray(device, dtype=np.int64))
        self.start.append(np.asarray(start, dtype=np.int64))
        self.source.append(np.broadcast_to(np.asarray(source, dtype=np.int64), (n,)))
        self.campaign.append(np.broadcast_to(np.asarray(campaign, dtype=np.int64), (n,)))
        self.kol.append(np.broadcast_to(np.asarray(kol, dtype=np.int64), (n,)))

    def arrays(self) -> dict[str, np.ndarray]:
        names = ("person", "device", "start", "source", "campaign", "kol")
        return {
            name: np.concatenate(getattr(self, name))
            if getattr(self, name)
            else np.zeros(0, np.int64)
            for name in names
        }
