"""Where the project's files are. The package is installed editable from the repository."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = PROJECT_ROOT / "seeds"
RAW_SEEDS_DIR = SEEDS_DIR / "raw"
REFERENCE_SEEDS_DIR = SEEDS_DIR / "reference"
DATA_DIR = PROJECT_ROOT / "data"
