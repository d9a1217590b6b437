"""Sessions and funnels recover what the generator made.

Expected values come from the generator's ground truth (truth/funnel_truth.parquet,
truth/people.parquet, truth/identities.parquet) or from an independent pandas reading of the
warehouse's own lower layer, never from a previous run. The hand-computed sessionisation and
step-ordering fixtures are dbt unit tests (models/intermediate/sessions/_sessions__models.yml).

Step conversion is checked on a dataset generated without defects: at the default defect rate
staging quarantines about 5% of web events (invalid or future timestamps, unknown enums, missing
ids), and a session that lost its checkout event cannot count its purchase in order, so the
recovered rates sit a few points under the generator's by construction (DECISIONLOG.md).
"""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest

from .conftest import SMALL_CUSTOMERS, SMALL_SEED, GeneratedData, Warehouse, build, generate

# Standard errors of a binomial proportion allowed between a recovered rate and the truth.
STANDARD_ERRORS = 4.0
STEP_COLUMNS = [
    "sessions",
    "product_view_sessions",
    "add_to_cart_sessions",
    "checkout_sessions",
    "purchase_sessions",
]
OFFLINE_ACQUISITION = {"store_guide", "marketplace"}


@pytest.fixture(scope="module")
def clean_data(tmp_path_factory: pytest.TempPathFactory) -> GeneratedData:
    return generate(
        tmp_path_factory.mktemp("clean_data"),
        SMALL_CUSTOMERS,
        SMALL_SEED,
        "--defect-rate",
        "0",
    )


@pytest.fixture(scope="module")
def clean_warehouse(
    clean_data: GeneratedData, tmp_path_factory: pytest.TempPathFactory
) -> Warehouse:
    # Only what the funnel marts need, without tests: the full suite runs on small_warehouse.
    return build(
        tmp_path_factory.mktemp("clean_wh") / "crm.duckdb",
        clean_data.raw_dir,
        "--select",
        "+funnel_step_conversion",
        "--exclude-resource-type",
        "test",
        "unit_test",
    )


def test_step_conversion_matches_generator_per_channel(
    clean_warehouse: Warehouse, clean_data: GeneratedData
) -> None:
    recovered = clean_warehouse.query(
        """
        select
            channel_group,
            step_number,
            sum(entered_sessions) as entered,
            sum(converted_sessions) as converted
        from marts.funnel_step_conversion
        group by channel_group, step_number
        """
    )
    truth = clean_data.truth("funnel_truth")
    joined = truth.merge(recovered, on=["channel_group", "step_number"], how="left")
    assert joined["entered"].notna().all(), "a channel or step of the generator has no sessions"
    failures = []
    for row in joined.itertuples():
        p = row.conversion_probability
        n = float(row.entered)
        rate = float(row.converted) / n
        tolerance = STANDARD_ERRORS * math.sqrt(p * (1 - p) / n)
        if abs(rate - p) > tolerance:
            failures.append(
                f"{row.channel_group} step {row.step_number}: {rate:.4f} vs {p} "
                f"(n={n:.0f}, tolerance {tolerance:.4f})"
            )
    assert not failures, "\n".join(failures)


def test_first_session_comes_through_the_acquisition_channel(
    clean_warehouse: Warehouse, clean_data: GeneratedData
) -> None:
    """Every web-acquired person's first session lands through their acquisition channel (and
    campaign), at the moment the generator first saw them: the channel map and the session
    boundaries together."""
    sessions = clean_warehouse.query(
        "select anonymous_id, channel_group, utm_campaign, started_at from marts.fct_sessions"
    )
    identities = clean_data.truth("identities")
    devices = identities[
        (identities["identifier_type"] == "anonymous_id") & (identities["owner_kind"] == "person")
    ][["identifier", "person_id"]]
    people = clean_data.truth("people")
    web_people = people[~people["acquisition_channel_group"].isin(OFFLINE_ACQUISITION)]
    first_sessions = (
        sessions.merge(devices, left_on="anonymous_id", right_on="identifier")
        .sort_values("started_at")
        .groupby("person_id", as_index=False)
        .first()
        .merge(web_people, on="person_id")
    )
    assert len(first_sessions) > 0.9 * len(web_people)
    wrong_channel = first_sessions[
        first_sessions["channel_group"] != first_sessions["acquisition_channel_group"]
    ]
    assert wrong_channel.empty, wrong_channel.head(10).to_string()
    with_campaign = first_sessions[first_sessions["acquisition_campaign_id"].notna()]
    assert (with_campaign["utm_campaign"] == with_campaign["acquisition_campaign_id"]).all()
    first_seen = pd.to_datetime(first_sessions["first_seen_at"]).dt.tz_convert(None)
    started = pd.to_datetime(first_sessions["started_at"])
    assert ((started - first_seen).abs() < pd.Timedelta(seconds=1)).all()


def test_bots_are_exactly_the_generators_crawlers(
    small_warehouse: Warehouse, small_data: GeneratedData
) -> None:
    identities = small_data.truth("identities")
    crawlers = set(identities.loc[identities["owner_kind"] == "bot", "identifier"])
    assert crawlers, "the generator made no bot"
    sessions = small_warehouse.query(
        "select anonymous_id, is_bot, count(*) as sessions from marts.fct_sessions group by all"
    )
    flagged = set(sessions.loc[sessions["is_bot"], "anonymous_id"])
    assert flagged == crawlers
    # A bot's every session is flagged: no visitor has both kinds.
    assert not sessions.duplicated("anonymous_id").any()


def test_bot_sessions_stay_out_of_the_funnels(small_warehouse: Warehouse) -> None:
    bot_sessions = small_warehouse.scalar("select count(*) from marts.fct_sessions where is_bot")
    human_sessions = small_warehouse.scalar(
        "select count(*) from marts.fct_sessions where not is_bot"
    )
    assert bot_sessions > 0
    assert small_warehouse.scalar("select sum(sessions) from marts.funnel_daily") == human_sessions
    assert (
        small_warehouse.scalar("select sum(sessions) from marts.funnel_campaign_daily")
        == human_sessions
    )


def test_funnel_step_counts_never_increase(small_warehouse: Warehouse) -> None:
    for mart in ("funnel_daily", "funnel_campaign_daily"):
        funnel = small_warehouse.query(f"select * from marts.{mart}")
        assert len(funnel) > 0
        for earlier, later in itertools.pairwise(STEP_COLUMNS):
            assert (funnel[earlier] >= funnel[later]).all(), f"{mart}: {later} > {earlier}"
        assert (funnel["converted_sessions"] >= funnel["purchase_sessions"]).all()
    steps = small_warehouse.query("select * from marts.funnel_step_conversion")
    assert (steps["converted_sessions"] <= steps["entered_sessions"]).all()
    # Whoever converted at one step entered the next.
    nxt = steps.assign(step_number=steps["step_number"] - 1)
    chained = steps.merge(nxt, on=["session_month", "channel_group", "step_number"])
    assert len(chained) > 0
    assert (chained["converted_sessions_x"] == chained["entered_sessions_y"]).all()


def test_funnel_daily_totals_equal_fct_sessions(small_warehouse: Warehouse) -> None:
    sessions = small_warehouse.query(
        "select session_date, channel_group, device_type, platform, funnel_depth "
        "from marts.fct_sessions where not is_bot"
    )
    sessions = sessions.fillna({"device_type": "(not set)", "platform": "(not set)"})
    for step, column in enumerate(STEP_COLUMNS):
        sessions[column] = (sessions["funnel_depth"] >= step).astype("int64")
    keys = ["session_date", "channel_group", "device_type", "platform"]
    expected = sessions.groupby(keys, as_index=False)[STEP_COLUMNS].sum()
    columns = ", ".join(keys + STEP_COLUMNS)
    funnel = small_warehouse.query(f"select {columns} from marts.funnel_daily")
    merged = expected.merge(funnel, on=keys, how="outer", suffixes=("_expected", "_mart"))
    assert len(merged) == len(expected) == len(funnel)
    for column in STEP_COLUMNS:
        assert (merged[f"{column}_expected"] == merged[f"{column}_mart"]).all(), column


def test_every_event_is_in_exactly_one_session(small_warehouse: Warehouse) -> None:
    kept_events = small_warehouse.scalar("select count(*) from staging.stg_web__events")
    sessionized = small_warehouse.query(
        "select count(*) as events, count(distinct event_id) as distinct_events, "
        "max(seconds_to_next_event) as longest_gap "
        "from intermediate.int_web_events_sessionized"
    ).iloc[0]
    assert sessionized["events"] == sessionized["distinct_events"] == kept_events
    assert small_warehouse.scalar("select sum(events_count) from marts.fct_sessions") == kept_events
    # No session holds a pause longer than the timeout.
    assert sessionized["longest_gap"] <= 30 * 60


def test_redelivered_events_count_once(
    small_warehouse: Warehouse, small_data: GeneratedData
) -> None:
    """The generator delivers some events twice (defect duplicate_row): each is one event of
    one session."""
    defects = small_data.truth("defects")
    redelivered = set(
        defects.loc[
            (defects["table_name"] == "web_events") & (defects["defect_kind"] == "duplicate_row"),
            "row_key",
        ]
    )
    raw_ids = small_data.raw("web_events")["event_id"]
    assert raw_ids[raw_ids.isin(redelivered)].value_counts().min() >= 2
    sessionized = small_warehouse.query(
        "select event_id, count(*) as copies from intermediate.int_web_events_sessionized "
        "group by event_id"
    )
    kept = set(small_warehouse.query("select event_id from staging.stg_web__events")["event_id"])
    in_sessions = sessionized[sessionized["event_id"].isin(redelivered)]
    assert len(in_sessions) > 0
    assert (in_sessions["copies"] == 1).all()
    assert set(in_sessions["event_id"]) == redelivered & kept
