"""Pairwise precision and recall of the warehouse's identity graph against generated truth.

Over identifiers, a pair is two identifiers put in the same person. Precision: of the pairs the
warehouse makes, the share that truly belong to one owner. Recall: of the pairs the exported
data links (the generator's `identity_evidence`, computed from the tables before defects), the
share the warehouse joins. `recall_all_pairs` also counts pairs no export links (a Douyin
account that only ever liked posts), which no resolver can find; it is reported, not targeted.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import duckdb

RESOLVED = "intermediate.int_identifiers_resolved"


@dataclass(frozen=True)
class PairwiseScores:
    precision: float
    recall: float
    recall_all_pairs: float
    predicted_pairs: int
    linked_pairs: int
    true_pairs: int

    def lines(self) -> list[str]:
        return [
            f"pairwise precision {self.precision:.2%} of {self.predicted_pairs:,} pairs made",
            f"pairwise recall {self.recall:.2%} of {self.linked_pairs:,} pairs the data links",
            f"recall over all same-person pairs {self.recall_all_pairs:.2%}"
            f" of {self.true_pairs:,} (including pairs no export links)",
        ]


def _pairs(connection: duckdb.DuckDBPyConnection, group_by: str, where: str = "true") -> int:
    sql = f"""
        select coalesce(sum(n * (n - 1) / 2), 0)
        from (select count(*) as n from scored where {where} group by {group_by})
    """
    row = connection.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def pairwise_scores(warehouse: Path, truth_dir: Path) -> PairwiseScores:
    """Scores of the resolved identifiers in `warehouse` against `truth_dir` of the generator."""
    identities = (truth_dir / "identities.parquet").as_posix()
    evidence = (truth_dir / "identity_evidence.parquet").as_posix()
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        # Owners: a person, or the identifier itself for bots, KOL accounts and shared ones.
        connection.execute(
            f"""
            create temp table scored as
            select
                truth.identifier_type,
                truth.identifier,
                coalesce(truth.person_id, truth.owner_kind || ':' || truth.identifier) as owner,
                truth.owner_kind = 'person' as is_person,
                evidence.evidence_group,
                resolved.person_id as predicted_person
            from read_parquet(?) as truth
            left join read_parquet(?) as evidence
                using (identifier_type, identifier)
            left join {RESOLVED} as resolved
                using (identifier_type, identifier)
            """,
            [identities, evidence],
        )
        predicted = _pairs(connection, "predicted_person", "predicted_person is not null")
        predicted_true = _pairs(
            connection, "predicted_person, owner", "predicted_person is not null"
        )
        linked = _pairs(connection, "evidence_group", "evidence_group is not null")
        linked_found = _pairs(
            connection,
            "evidence_group, predicted_person",
            "evidence_group is not null and predicted_person is not null",
        )
        true_pairs = _pairs(connection, "owner", "is_person")
        true_found = _pairs(
            connection, "owner, predicted_person", "is_person and predicted_person is not null"
        )
    return PairwiseScores(
        precision=_ratio(predicted_true, predicted),
        recall=_ratio(linked_found, linked),
        recall_all_pairs=_ratio(true_found, true_pairs),
        predicted_pairs=predicted,
        linked_pairs=linked,
        true_pairs=true_pairs,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--truth", type=Path, required=True, help="the generator's truth/ folder")
    args = parser.parse_args()
    for line in pairwise_scores(args.warehouse, args.truth).lines():
        print(line)


if __name__ == "__main__":
    main()
