"""The semantic layer (models/marts/semantic): `mf query` answers from the published warehouse
what the marts say.

MetricFlow reads `target/semantic_manifest.json` under the dbt project folder it is pointed at,
so each query runs in a scratch project (links to the real project's files, plus the small
build's semantic manifest) against the published copy through the profile's read-only
`published` target, as a BI user would run it. The expected figures come from the marts with
plain SQL, never from an earlier run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from crm_warehouse.paths import PROJECT_ROOT

from .conftest import Warehouse

PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests")


@pytest.fixture(scope="module")
def metricflow_project(
    small_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    project = tmp_path_factory.mktemp("metricflow_project")
    for name in PROJECT_FILES:
        (project / name).symlink_to(PROJECT_ROOT / name)
    (project / "target").mkdir()
    built_manifest = small_warehouse.path.parent / "target" / "semantic_manifest.json"
    shutil.copy(built_manifest, project / "target")
    return project


def mf_query(
    project: Path, published: Warehouse, output: Path, metrics: list[str], group_by: list[str]
) -> pd.DataFrame:
    command = [
        str(Path(sys.executable).with_name("mf")), "query",
        "--metrics", ",".join(metrics),
        "--group-by", ",".join(group_by),
        "--csv", str(output),
    ]  # fmt: skip
    environment = {
        **os.environ,
        "DBT_PROJECT_DIR": str(project),
        "DBT_PROFILES_DIR": str(project),
        "CRM_TARGET": "published",
        "CRM_PUBLISHED": str(published.path),
    }
    completed = subprocess.run(
        command, cwd=project, env=environment, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return pd.read_csv(output, dtype=str)


def cents(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_monthly_revenue_and_orders_equal_the_order_fact(
    metricflow_project: Path, published_small_warehouse: Warehouse, tmp_path: Path
) -> None:
    answered = mf_query(
        metricflow_project,
        published_small_warehouse,
        tmp_path / "monthly.csv",
        ["revenue", "orders"],
        ["metric_time__month"],
    )
    expected = published_small_warehouse.query(
        """
        select
            strftime(date_trunc('month', ordered_date), '%Y-%m') as month,
            cast(sum(net_revenue_cny) as varchar) as revenue,
            count(*) as orders
        from marts.fct_orders
        where is_revenue_order
        group by month
        """
    )
    assert len(expected) > 12
    answered["month"] = answered["metric_time__month"].str[:7]
    joined = expected.merge(answered, on="month", how="outer", suffixes=("", "_mf"))
    assert joined["revenue_mf"].notna().all() and joined["revenue"].notna().all(), joined
    assert [cents(value) for value in joined["revenue_mf"]] == [
        cents(value) for value in joined["revenue"]
    ]
    assert joined["orders_mf"].astype(int).tolist() == joined["orders"].tolist()


def test_cac_and_roas_per_channel_equal_the_channel_mart_and_repeat_rate_the_orders(
    metricflow_project: Path, published_small_warehouse: Warehouse, tmp_path: Path
) -> None:
    answered = mf_query(
        metricflow_project,
        published_small_warehouse,
        tmp_path / "channels.csv",
        ["cac", "roas"],
        ["channel_month__channel_group"],
    ).set_index("channel_month__channel_group")
    expected = published_small_warehouse.query(
        """
        select
            channel_group,
            sum(campaign_cost) / nullif(sum(new_customers), 0) as cac,
            sum(attributed_revenue) / nullif(sum(campaign_cost), 0) as roas
        from marts.channel_performance_monthly
        group by channel_group
        """
    ).set_index("channel_group")
    costed = expected[expected["cac"].notna() & expected["roas"].notna()]
    assert len(costed) >= 3, "the fixture's paid channels have cost and new customers"
    assert set(answered.index) == set(expected.index)
    for channel, row in costed.iterrows():
        assert float(answered.loc[channel, "cac"]) == pytest.approx(float(row["cac"]), rel=1e-9)
        assert float(answered.loc[channel, "roas"]) == pytest.approx(float(row["roas"]), rel=1e-9)

    yearly = mf_query(
        metricflow_project,
        published_small_warehouse,
        tmp_path / "repeat.csv",
        ["repeat_rate", "active_customers", "new_customers"],
        ["metric_time__year"],
    )
    buyers = published_small_warehouse.query(
        """
        select
            year(ordered_date) as year,
            count(distinct person_id) as active,
            count(distinct case when is_first_order then person_id end) as new
        from marts.fct_orders
        where is_revenue_order
        group by year
        """
    ).set_index("year")
    yearly["year"] = yearly["metric_time__year"].str[:4].astype(int)
    yearly = yearly.set_index("year")
    assert set(yearly.index) == set(buyers.index)
    for year, row in buyers.iterrows():
        assert int(yearly.loc[year, "active_customers"]) == row["active"]
        assert int(yearly.loc[year, "new_customers"]) == row["new"]
        share = (row["active"] - row["new"]) / row["active"]
        assert float(yearly.loc[year, "repeat_rate"]) == pytest.approx(share, rel=1e-9)
