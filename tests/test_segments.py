"""RFM and behavioural segments (issue 5), checked on the small generated warehouse.

RFM is recomputed independently in pandas from the order fact. Behavioural segments are
compared with the generator's hidden traits (truth/people.parquet, truth/referrals.parquet):
the expected precision and recall of each rule are derived from how the generator makes the
trait (truth/parameters.json, src/crm_warehouse/generate/shop.py and people.py) and the order
histories in the warehouse, never copied from a run. The hand-computed RFM fixtures, with ties,
are dbt unit tests (models/marts/segments/_segments__models.yml) run by every `dbt build`.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy.stats import binom

from crm_warehouse import audience
from crm_warehouse.dbt_runner import run_dbt
from crm_warehouse.generate.catalog import BRANDS
from crm_warehouse.ltv import cdnow
from crm_warehouse.paths import PROJECT_ROOT, REFERENCE_SEEDS_DIR

from .conftest import GeneratedData, Warehouse

VARS: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())["vars"]
# Model error on top of sampling error: identity resolution, injected defects, approximations.
SLACK = 0.05


def membership(warehouse: Warehouse, segment: str) -> pd.DataFrame:
    return warehouse.query(
        "select person_id, detail, score, since from marts.segment_membership where segment = ?",
        [segment],
    )


def truth_by_person(data: GeneratedData, warehouse: Warehouse) -> pd.DataFrame:
    """The generator's traits per warehouse person, through the person's customer account."""
    people = data.truth("people")
    accounts = warehouse.query(
        "select identifier as customer_id, person_id from marts.identity_map "
        "where identifier_type = 'customer_id' and person_id is not null"
    )
    return accounts.merge(people.drop(columns="person_id"), on="customer_id")


def order_counts(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query(
        """
        select
            person_id,
            count(*) as orders,
            count(*) filter (where not is_gift_order) as paid_orders
        from intermediate.int_orders_netted
        where is_revenue_order and person_id is not null
        group by person_id
        """
    )


def at_least_share(n: np.ndarray, p: float, share: float) -> np.ndarray:
    """P(Binomial(n, p) >= share * n): the chance that a share of n independent orders meets it."""
    needed = np.ceil(share * np.asarray(n) - 1e-9)
    return binom.sf(needed - 1, n, p)


def check_recovery(
    eligible: pd.DataFrame, members: set[str], is_true: str, probability: np.ndarray
) -> None:
    """Observed precision and recall of a segment among eligible people against the values the
    generator implies: probability[i] is the chance that eligible person i meets the rule given
    their true trait. The tolerance is three binomial standard errors plus SLACK."""
    positive = eligible[is_true].to_numpy(bool)
    in_segment = eligible["person_id"].isin(members).to_numpy()
    expected_tp = probability[positive].sum()
    expected_fp = probability[~positive].sum()
    expected_precision = expected_tp / (expected_tp + expected_fp)
    expected_recall = expected_tp / positive.sum()
    precision = (in_segment & positive).sum() / in_segment.sum()
    recall = (in_segment & positive).sum() / positive.sum()

    def tolerance(p: float, n: float) -> float:
        return 3 * math.sqrt(p * (1 - p) / n) + SLACK

    assert precision >= expected_precision - tolerance(expected_precision, in_segment.sum()), (
        precision,
        expected_precision,
    )
    assert recall >= expected_recall - tolerance(expected_recall, positive.sum()), (
        recall,
        expected_recall,
    )


def ntile_scores(values: pd.Series, person_ids: pd.Series) -> pd.Series:
    """SQL ntile(5) ordered by value then person_id: the first n mod 5 buckets hold one more."""
    order = np.lexsort((person_ids.to_numpy(), values.to_numpy()))
    size, extra = divmod(len(order), 5)
    bucket_sizes = [size + 1 if bucket < extra else size for bucket in range(5)]
    scores = np.empty(len(order), dtype=np.int64)
    scores[order] = np.repeat(np.arange(1, 6), bucket_sizes)
    return pd.Series(scores, index=values.index)


def percent_rank_scores(values: pd.Series) -> pd.Series:
    """1 + floor(5 * percent rank), capped at 5; ties take their first rank."""
    rank = values.rank(method="min")
    return np.minimum(5, 1 + np.floor(5 * (rank - 1) / max(len(values) - 1, 1))).astype(int)


# --- RFM -------------------------------------------------------------------------------------


def test_rfm_matches_an_independent_pandas_computation(small_warehouse: Warehouse) -> None:
    orders = small_warehouse.query(
        "select person_id, ordered_date, is_revenue_order, net_revenue_cny "
        "from intermediate.int_orders_netted"
    )
    rfm = small_warehouse.query("select * from marts.customer_rfm").set_index("person_id")
    as_of = pd.Timestamp(orders["ordered_date"].max())
    window_start = as_of - pd.Timedelta(days=int(VARS["rfm_window_days"]) - 1)
    dates = pd.to_datetime(orders["ordered_date"])
    window = orders[
        orders["is_revenue_order"]
        & orders["person_id"].notna()
        & (dates >= window_start)
        & (dates <= as_of)
    ].assign(ordered_date=dates)
    expected = window.groupby("person_id").agg(
        last_order=("ordered_date", "max"),
        frequency=("ordered_date", "nunique"),
        monetary=("net_revenue_cny", "sum"),
    )
    expected["recency_days"] = (as_of - expected["last_order"]).dt.days

    assert (pd.to_datetime(rfm["as_of_date"]) == as_of).all()
    assert set(rfm.index) == set(expected.index)
    joined = expected.merge(
        rfm, how="left", left_index=True, right_index=True, suffixes=("", "_mart")
    )
    assert (joined["recency_days"] == joined["recency_days_mart"]).all()
    assert (joined["frequency"] == joined["frequency_mart"]).all()
    assert (
        joined["monetary"].astype(float).round(2) == joined["monetary_mart"].astype(float)
    ).all()
    person_ids = pd.Series(joined.index, index=joined.index)
    monetary = joined["monetary"].astype(float).round(2)
    assert (joined["r_score"] == ntile_scores(-joined["recency_days"], person_ids)).all()
    assert (joined["f_score"] == ntile_scores(joined["frequency"], person_ids)).all()
    assert (joined["m_score"] == ntile_scores(monetary, person_ids)).all()


def test_ntile_scores_are_equal_quintiles_ordered_by_their_measure(
    small_warehouse: Warehouse,
) -> None:
    rfm = small_warehouse.query("select * from marts.customer_rfm")
    assert VARS["rfm_scoring"] == "ntile"
    for score, measure, higher_is_better in (
        ("r_score", "recency_days", False),
        ("f_score", "frequency", True),
        ("m_score", "monetary", True),
    ):
        sizes = rfm[score].value_counts()
        assert set(sizes.index) == {1, 2, 3, 4, 5}
        assert sizes.max() - sizes.min() <= 1
        bounds = rfm.groupby(score)[measure].agg(["min", "max"]).sort_index()
        if not higher_is_better:
            bounds = -bounds.rename(columns={"min": "max", "max": "min"})
        # a higher score never has a worse value than a lower score (ties may straddle)
        assert (bounds["min"].iloc[1:].to_numpy() >= bounds["max"].iloc[:-1].to_numpy()).all()


def test_every_scored_person_is_in_exactly_one_rfm_segment(small_warehouse: Warehouse) -> None:
    rfm = small_warehouse.query("select person_id, rfm_segment_key from marts.customer_rfm")
    rfm_members = small_warehouse.query(
        "select person_id, segment from marts.segment_membership where segment_family = 'rfm'"
    )
    assert rfm["rfm_segment_key"].notna().all()
    assert rfm_members["person_id"].is_unique
    merged = rfm.merge(rfm_members, on="person_id", how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert (merged["segment"] == "rfm_" + merged["rfm_segment_key"]).all()


def test_segment_map_covers_every_cell_once() -> None:
    segment_map = pd.read_csv(REFERENCE_SEEDS_DIR / "rfm_segment_map.csv")
    cells = set(zip(segment_map["r_score"], segment_map["f_score"], strict=True))
    assert len(segment_map) == 25
    assert cells == {(r, f) for r in range(1, 6) for f in range(1, 6)}
    assert segment_map["rfm_segment"].nunique() == 11


def test_monthly_history_ends_in_customer_rfm_and_transitions_count_everyone(
    small_warehouse: Warehouse,
) -> None:
    latest = small_warehouse.query(
        "select person_id, rfm_segment from marts.rfm_segment_monthly "
        "where snapshot_date = (select max(as_of_date) from marts.customer_rfm)"
    )
    rfm = small_warehouse.query("select person_id, rfm_segment from marts.customer_rfm")
    assert (
        latest.sort_values("person_id")
        .reset_index(drop=True)
        .equals(rfm.sort_values("person_id").reset_index(drop=True))
    )
    moves = small_warehouse.query(
        "select transition_month, sum(people) filter (where to_segment != '(not scored)') "
        "as scored from marts.rfm_segment_transitions group by transition_month"
    ).set_index("transition_month")["scored"]
    sizes = small_warehouse.query(
        "select snapshot_month, count(*) as scored from marts.rfm_segment_monthly "
        "group by snapshot_month"
    ).set_index("snapshot_month")["scored"]
    assert len(moves) == len(sizes) - 1
    assert (moves == sizes.loc[moves.index]).all()


# --- RFM on real data: CDNOW through the CRM_RAW_DIR path ------------------------------------

CDNOW_VARS = {
    "shop_opened_date": "1997-01-01",
    "as_of_date": "1998-06-30",
    # ntile and its tie-break are checked exactly on the generated data
    "rfm_scoring": "percent_rank",
}


@pytest.fixture(scope="module")
def cdnow_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The CDNOW master log (datasets/cdnow) converted to raw shop tables and run like any
    shop's export, as far as customer_rfm."""
    root = tmp_path_factory.mktemp("cdnow")
    cdnow.write_raw(root / "raw")
    warehouse = root / "crm.duckdb"
    run = run_dbt(
        ["build", "--select", "+customer_rfm", "--exclude-resource-type", "test", "unit_test"],
        warehouse=warehouse,
        raw_dir=root / "raw",
        dbt_vars=CDNOW_VARS,
    )
    assert run.success, f"dbt build failed:\n{run.error}"
    return Warehouse(warehouse)


def expected_cdnow_rfm(warehouse: Warehouse) -> pd.DataFrame:
    """RFM of the CDNOW purchases as of 1998-06-30 over the default window, from the text file."""
    purchases = cdnow.read_cdnow()
    as_of = pd.Timestamp(CDNOW_VARS["as_of_date"])
    window_start = as_of - pd.Timedelta(days=int(VARS["rfm_window_days"]) - 1)
    window = purchases[
        (purchases["purchase_date"] >= window_start) & (purchases["purchase_date"] <= as_of)
    ]
    rfm = window.groupby("customer_id").agg(
        last_purchase=("purchase_date", "max"),
        frequency=("purchase_date", "nunique"),
        monetary=("amount", "sum"),
    )
    rfm["recency_days"] = (as_of - rfm["last_purchase"]).dt.days
    rfm["monetary"] = rfm["monetary"].round(2)
    people = warehouse.query(
        "select identifier as customer_id, person_id from intermediate.int_identifiers_resolved "
        "where identifier_type = 'customer_id'"
    )
    return rfm.reset_index().merge(people, on="customer_id", how="left")


@pytest.mark.slow
def test_cdnow_rfm_matches_pandas(cdnow_warehouse: Warehouse) -> None:
    """Real purchases, most customers on one or two purchase days: many ties, which
    percent_rank must give one shared score."""
    expected = expected_cdnow_rfm(cdnow_warehouse)
    mart = cdnow_warehouse.query("select * from marts.customer_rfm")
    assert expected["person_id"].notna().all() and expected["person_id"].is_unique
    assert (mart["rfm_scoring"] == "percent_rank").all()
    assert (pd.to_datetime(mart["as_of_date"]) == pd.Timestamp(CDNOW_VARS["as_of_date"])).all()
    joined = expected.merge(mart, on="person_id", how="outer", suffixes=("", "_mart"))
    assert len(joined) == len(expected) == len(mart)
    assert (joined["recency_days"] == joined["recency_days_mart"]).all()
    assert (joined["frequency"] == joined["frequency_mart"]).all()
    assert (joined["monetary"] == joined["monetary_mart"].astype(float)).all()
    assert (joined["r_score"] == percent_rank_scores(-joined["recency_days"])).all()
    assert (joined["f_score"] == percent_rank_scores(joined["frequency"])).all()
    assert (joined["m_score"] == percent_rank_scores(joined["monetary"])).all()
    segment_map = pd.read_csv(REFERENCE_SEEDS_DIR / "rfm_segment_map.csv")
    mapped = joined.merge(segment_map, on=["r_score", "f_score"], suffixes=("", "_map"))
    assert len(mapped) == len(joined)
    assert (mapped["rfm_segment"] == mapped["rfm_segment_map"]).all()


# --- behavioural segments against the generator's truth ---------------------------------------


def test_discount_only_buyers_are_recovered(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    """The generator discounts each paid order of a discount-only buyer with probability
    discount_only_order_share and of anyone else with ordinary_discount_order_share,
    independently: membership is a binomial tail of the person's paid orders."""
    params = small_data.parameters()
    eligible = truth_by_person(small_data, small_warehouse).merge(
        order_counts(small_warehouse), on="person_id"
    )
    eligible = eligible[eligible["paid_orders"] >= int(VARS["discount_only_min_orders"])]
    share = float(VARS["discount_only_min_order_share"])
    probability = np.where(
        eligible["is_discount_only"],
        at_least_share(eligible["paid_orders"], params["discount_only_order_share"], share),
        at_least_share(eligible["paid_orders"], params["ordinary_discount_order_share"], share),
    )
    members = set(membership(small_warehouse, "discount_only")["person_id"])
    check_recovery(eligible, members, "is_discount_only", probability)


def test_festival_only_buyers_are_recovered(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    """Every order of a festival-only buyer is moved into a festival window. Anyone else's first
    order falls in one by chance (the windows' share c of the days), and each repeat order with
    probability festival_shift_share + (1 - festival_shift_share) c."""
    params = small_data.parameters()
    calendar = pd.read_csv(
        REFERENCE_SEEDS_DIR / "calendar.csv",
        parse_dates=["festival_window_start", "festival_window_end"],
    )
    calendar = calendar[calendar["festival_name"].isin(VARS["festival_only_names"])]
    days = pd.date_range(params["start"], params["end"])
    in_window = np.zeros(len(days), bool)
    for window in calendar.itertuples():
        in_window |= (days >= window.festival_window_start) & (days <= window.festival_window_end)
    coverage = in_window.mean()
    repeat = params["festival_shift_share"] + (1 - params["festival_shift_share"]) * coverage

    eligible = truth_by_person(small_data, small_warehouse).merge(
        order_counts(small_warehouse), on="person_id"
    )
    eligible = eligible[eligible["orders"] >= int(VARS["festival_only_min_orders"])]
    probability = np.where(
        eligible["is_festival_only"], 1.0, coverage * repeat ** (eligible["orders"] - 1)
    )
    members = set(membership(small_warehouse, "festival_only")["person_id"])
    check_recovery(eligible, members, "is_festival_only", probability)


def brand_loyalty_probability(
    amounts: np.ndarray, loyal: bool, stay_share: float, rng: np.random.Generator
) -> float:
    """Monte Carlo of the generator's brand choice over the person's real order lines: each line
    is the loyal brand with probability stay_share, else a brand drawn uniformly (shop.py); the
    rule holds when one brand takes the threshold share of the spend."""
    simulations = 400
    brands = rng.integers(0, len(BRANDS), (simulations, len(amounts)))
    if loyal:
        brands = np.where(rng.random(brands.shape) < stay_share, 0, brands)
    spend = np.zeros((simulations, len(BRANDS)))
    for line, amount in enumerate(amounts):
        spend[np.arange(simulations), brands[:, line]] += amount
    top_share = spend.max(axis=1) / amounts.sum()
    return float((top_share >= float(VARS["brand_loyal_min_spend_share"]) - 1e-12).mean())


def test_brand_loyal_buyers_are_recovered_with_their_brand(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    params = small_data.parameters()
    lines = small_warehouse.query(
        """
        select orders.person_id, cast(items.line_amount_cny as double) as amount
        from intermediate.int_orders_netted as orders
        inner join staging.stg_shop__order_items as items on orders.order_id = items.order_id
        inner join staging.stg_shop__products as products on items.sku = products.sku
        where orders.is_revenue_order and orders.person_id is not null
        """
    )
    amounts: dict[str, np.ndarray] = {
        person: group.to_numpy() for person, group in lines.groupby("person_id")["amount"]
    }
    eligible = truth_by_person(small_data, small_warehouse).merge(
        order_counts(small_warehouse), on="person_id"
    )
    eligible = eligible[
        (eligible["orders"] >= int(VARS["brand_loyal_min_orders"]))
        & eligible["person_id"].map(lambda person: amounts.get(person, np.zeros(1)).sum() > 0)
    ]
    rng = np.random.default_rng(5)
    probability = np.array(
        [
            brand_loyalty_probability(
                amounts[person], bool(loyal), params["brand_loyal_spend_share"], rng
            )
            for person, loyal in zip(eligible["person_id"], eligible["is_brand_loyal"], strict=True)
        ]
    )
    members = membership(small_warehouse, "brand_loyal")
    check_recovery(eligible, set(members["person_id"]), "is_brand_loyal", probability)

    found = members.merge(eligible[eligible["is_brand_loyal"]], on="person_id")
    assert (found["detail"] == found["loyal_brand"]).mean() >= 0.95


def warehouse_people_of_truth(data: GeneratedData, warehouse: Warehouse) -> pd.DataFrame:
    """(truth person_id, warehouse person_id) through every social id and customer id."""
    identities = data.truth("identities")
    identities = identities[identities["identifier_type"].isin(["social_id", "customer_id"])]
    resolved = warehouse.query(
        "select identifier_type, identifier, person_id as warehouse_person_id "
        "from marts.identity_map where person_id is not null"
    )
    return identities.merge(resolved, on=["identifier_type", "identifier"])[
        ["person_id", "warehouse_person_id"]
    ].drop_duplicates()


def test_high_influence_people_are_the_generators_referrers(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    """A person's shares bring referred people only in the generator's referral chains, so the
    segment must be people with at least the threshold of true referrals (precision near 1).
    A true referrer is missed only when none of their referred people (social interactors, who
    buy with probability buyer_probability x social_conversion_multiplier) ordered yet, or
    through identity errors."""
    threshold = int(VARS["high_influence_min_referred_people"])
    referrals = small_data.truth("referrals")
    counts = referrals.groupby("referrer_person_id").size()
    true_referrers = set(counts[counts >= threshold].index)
    mapping = warehouse_people_of_truth(small_data, small_warehouse)
    members = set(membership(small_warehouse, "high_influence")["person_id"])
    member_truth = mapping[mapping["warehouse_person_id"].isin(members)]

    assert members, "no high-influence people found"
    correct = member_truth.groupby("warehouse_person_id")["person_id"].agg(
        lambda people: bool(set(people) & true_referrers)
    )
    assert correct.reindex(sorted(members), fill_value=False).mean() >= 0.9
    params = small_data.parameters()
    buys = min(params["buyer_probability"] * params["social_conversion_multiplier"], 1.0)
    expected_recall = 1 - (1 - buys) ** threshold
    found = set(member_truth["person_id"]) & true_referrers
    recall = len(found) / len(true_referrers)
    margin = 3 * math.sqrt(expected_recall * (1 - expected_recall) / len(true_referrers))
    assert recall >= expected_recall - margin - 2 * SLACK, (recall, expected_recall)


def test_link_clickers_click_only_friend_shares_or_discount_links(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    clicks = small_warehouse.query(
        "select person_id, click_source, link_kind from intermediate.int_link_clicks_classified"
    )
    members = set(membership(small_warehouse, "discount_or_friend_link_clicker")["person_id"])
    has_other = (clicks["link_kind"] == "other").groupby(clicks["person_id"]).any()
    enough = clicks.groupby("person_id").size() >= int(VARS["link_clicker_min_clicks"])
    assert members == set(has_other[~has_other & enough].index)

    # A social click carries a referrer only when it is a referred person's click on the
    # share that brought them (social.py): the clicker is a true referred person.
    friend_clicks = clicks[
        (clicks["click_source"] == "social") & (clicks["link_kind"] == "friend_share")
    ]
    mapping = warehouse_people_of_truth(small_data, small_warehouse)
    referred = set(small_data.truth("referrals")["person_id"])
    clicker_truth = mapping[mapping["warehouse_person_id"].isin(set(friend_clicks["person_id"]))]
    is_referred = clicker_truth.groupby("warehouse_person_id")["person_id"].agg(
        lambda people: bool(set(people) & referred)
    )
    assert is_referred.mean() >= 0.95


def test_birthdays_and_lapsed_members_follow_their_rules(small_warehouse: Warehouse) -> None:
    as_of = pd.Timestamp(small_warehouse.scalar("select max(as_of_date) from marts.customer_rfm"))
    birthdays = small_warehouse.query(
        "select birth_date from intermediate.int_birthday_customers_identified"
    )
    assert len(birthdays) > 0
    assert (pd.to_datetime(birthdays["birth_date"]).dt.month == as_of.month).all()

    lapse_days = int(VARS["lapsed_member_days"])
    lapsed = small_warehouse.query(
        "select person_id, joined_date from intermediate.int_lapsed_members_identified"
    )
    recent = small_warehouse.query(
        "select distinct person_id from intermediate.int_orders_netted "
        "where is_revenue_order and ordered_date > ? and ordered_date <= ?",
        [(as_of - pd.Timedelta(days=lapse_days)).date(), as_of.date()],
    )
    assert len(lapsed) > 0
    assert not set(lapsed["person_id"]) & set(recent["person_id"])
    assert (pd.to_datetime(lapsed["joined_date"]) <= as_of - pd.Timedelta(days=lapse_days)).all()


def test_every_segment_has_members_and_a_definition(small_warehouse: Warehouse) -> None:
    definitions = small_warehouse.query("select segment, members from marts.segment_definitions")
    behavioural = {
        "brand_loyal",
        "discount_only",
        "festival_only",
        "discount_or_friend_link_clicker",
        "high_influence",
        "birthday_this_month",
        "lapsed_member",
        "cart_abandoner",
    }
    assert behavioural <= set(definitions["segment"])
    sizes = definitions.set_index("segment")["members"]
    assert (sizes[sorted(behavioural)] > 0).all()


# --- activation --------------------------------------------------------------------------------


def test_audience_writes_csv_and_parquet_of_the_segment(
    small_warehouse: Warehouse, tmp_path: Path
) -> None:
    segment = "rfm_champions"
    assert audience.main(["--segment", segment, "--warehouse", str(small_warehouse.path),
                          "--out", str(tmp_path)]) == 0  # fmt: skip
    from_parquet = pd.read_parquet(tmp_path / f"{segment}.parquet")
    from_csv = pd.read_csv(tmp_path / f"{segment}.csv")
    expected = membership(small_warehouse, segment)

    assert sorted(from_parquet["person_id"]) == sorted(expected["person_id"])
    assert list(from_csv["person_id"]) == list(from_parquet["person_id"])
    assert (from_parquet["segment"] == segment).all()
    assert (from_parquet["rfm_segment"] == "Champions").all()
    for column in ("phone_hash", "email_hash", "member_id", "wechat_openid", "consented_channels",
                   "r_score", "f_score", "m_score", "predicted_clv"):  # fmt: skip
        assert column in from_parquet.columns
    hashes = set(
        small_warehouse.query(
            "select identifier from marts.identity_map where identifier_type = 'phone_hash'"
        )["identifier"]
    )
    phone_hashes = from_parquet["phone_hash"].dropna()
    assert len(phone_hashes) > 0 and set(phone_hashes) <= hashes
    text = from_csv.astype(str).to_string()
    assert "@" not in text and "+86" not in text  # no raw email or phone leaves the warehouse
    if small_warehouse.scalar(audience.LTV_AVAILABLE_SQL) > 0:
        ltv = small_warehouse.query("select person_id, predicted_clv from marts.customer_ltv")
        joined = from_parquet.merge(ltv, on="person_id", how="left", suffixes=("", "_ltv"))
        assert joined["predicted_clv"].equals(joined["predicted_clv_ltv"].astype(float))
    else:
        assert from_parquet["predicted_clv"].isna().all()


def test_audience_rejects_an_unknown_segment_cleanly(
    small_warehouse: Warehouse, tmp_path: Path
) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "crm_warehouse.audience", "--segment", "no_such_segment",
         "--warehouse", str(small_warehouse.path), "--out", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == audience.EXIT_UNKNOWN_SEGMENT
    assert "unknown segment 'no_such_segment'" in completed.stderr
    assert "rfm_champions" in completed.stderr and "brand_loyal" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert not list(tmp_path.iterdir())
