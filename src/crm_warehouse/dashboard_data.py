"""Every query of the Streamlit app, over the published marts (crm_warehouse.publish).

Rules this module keeps, so that the app never blocks a build and never runs SQL it did not
write:
- each query attaches the published file read-only, runs one statement and detaches it
  (nothing holds the file between queries); a failure to open it is retried;
- the SQL is constant text; filter values are bound as named parameters (`$name`), lists as
  DuckDB lists; no table or column name is chosen at run time (a page checks the optional
  tables of `OPTIONAL_TABLES` with a bound list and skips a section, never edits a statement);
- metrics come from the marts: the app sums a mart's additive columns over the filters a
  manager picks and divides sums for rates, nothing else.

`QUERIES` names every query for the app's cache; `measure_pages` times each page's queries
(`make bench` reports them).
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from crm_warehouse import audience
from crm_warehouse.publish import PUBLICATION_SCHEMA, published_path

CONNECT_ATTEMPTS = 5
CONNECT_WAIT_SECONDS = 0.2
TIMELINE_LIMIT = 200
CLV_BINS = 40

# Tables other work streams add (marts, and the great-expectations results the quality run
# stores in schema quality); a page checks them before reading and says when one is absent.
OPTIONAL_TABLES = (
    "marts.order_attribution",
    "marts.channel_performance_monthly",
    "marts.lifecycle_layer_daily",
    "marts.lifecycle_layer_moves",
    "marts.customer_influence",
    "marts.kol_performance",
    "marts.shopping_guide_performance",
    "marts.coupon_redemption",
    "marts.message_channel_reach",
    "marts.quarantine_summary",
    "marts.raw_table_reconciliation",
    "quality.expectation_results",
)

QueryFunction = Callable[..., pd.DataFrame]
QUERIES: dict[str, QueryFunction] = {}


def query(function: QueryFunction) -> QueryFunction:
    """Register a query under its name, for the app's cache and the page timings."""
    QUERIES[function.__name__] = function
    return function


# An in-memory DuckDB that never holds a file between queries: each query attaches the
# published file read-only and detaches it. Starting a database per query costs ~100 ms on
# this machine, an attach ~20 ms. One query at a time per process: an attached file can be
# attached only once per database.
_engine_lock = threading.Lock()
_engine: list[duckdb.DuckDBPyConnection] = []
PUBLISHED_ALIAS = "crm_published"


def engine() -> duckdb.DuckDBPyConnection:
    if not _engine:
        _engine.append(duckdb.connect(":memory:"))
    return _engine[0]


def read(
    db: Path, sql: str, params: Mapping[str, Any] | Sequence[Any] | None = None
) -> pd.DataFrame:
    """Run one parameterised statement with the published file attached read-only for it."""
    if not db.exists():
        raise FileNotFoundError(f"no published warehouse at {db}: run `make build` first")
    with _engine_lock:
        for attempt in range(1, CONNECT_ATTEMPTS + 1):
            cursor = engine().cursor()
            try:
                cursor.execute(f"attach ? as {PUBLISHED_ALIAS} (read_only)", [str(db)])
                try:
                    cursor.execute(f"use {PUBLISHED_ALIAS}")
                    return cursor.execute(sql, params or {}).df()
                finally:
                    cursor.execute("use memory")
                    cursor.execute(f"detach {PUBLISHED_ALIAS}")
            except duckdb.IOException:
                if attempt == CONNECT_ATTEMPTS:
                    raise
                time.sleep(CONNECT_WAIT_SECONDS * attempt)
            finally:
                cursor.close()
    raise AssertionError("unreachable")


# --- publication and catalogue -------------------------------------------------------------


@query
def publication(db: Path) -> pd.DataFrame:
    return read(
        db,
        f"""
        select source_warehouse, tables_count, dbt_generated_at, published_at
        from {PUBLICATION_SCHEMA}.published
        """,
    )


@query
def available_tables(db: Path) -> pd.DataFrame:
    """Which of OPTIONAL_TABLES the published copy holds, as schema.table."""
    return read(
        db,
        """
        select table_schema || '.' || table_name as table_name
        from information_schema.tables
        where list_contains($names, table_schema || '.' || table_name)
        order by table_name
        """,
        {"names": list(OPTIONAL_TABLES)},
    )


# --- Overview --------------------------------------------------------------------------------

ORDERS_CTE = """
with

orders as (
    -- revenue orders at net revenue, on their local date; a chosen channel is the buyer's
    -- acquisition channel, so orders without a person count only when no channel is chosen
    select
        orders.person_id,
        orders.net_revenue_cny,
        orders.ordered_date,
        orders.is_first_order
    from marts.fct_orders as orders
    left join marts.customer_acquisition as acquisitions
        on orders.person_id = acquisitions.person_id
    where
        orders.is_revenue_order
        and (len($channels) = 0 or list_contains($channels, acquisitions.acquisition_channel))
)
"""


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length that ends the day before `start`."""
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)


def period_params(start: date, end: date, channels: Sequence[str]) -> dict[str, Any]:
    previous_start, previous_end = previous_period(start, end)
    return {
        "start": start,
        "end": end,
        "previous_start": previous_start,
        "previous_end": previous_end,
        "channels": list(channels),
    }


@query
def order_date_range(db: Path) -> pd.DataFrame:
    return read(
        db,
        """
        select
            min(ordered_date) as first_date,
            max(ordered_date) as last_date
        from marts.fct_orders
        where is_revenue_order
        """,
    )


@query
def acquisition_channels(db: Path) -> pd.DataFrame:
    return read(
        db,
        """
        select distinct acquisition_channel
        from marts.customer_acquisition
        order by acquisition_channel
        """,
    )


@query
def overview_kpis(db: Path, start: date, end: date, channels: Sequence[str]) -> pd.DataFrame:
    """Revenue, orders, buyers, new buyers, AOV and returning share: this and previous period."""
    return read(
        db,
        ORDERS_CTE
        + """,

periods as (
    select 'current' as period, $start as period_start, $end as period_end
    union all
    select 'previous', $previous_start, $previous_end
),

period_orders as (
    select
        periods.period,
        orders.person_id,
        orders.net_revenue_cny,
        orders.is_first_order
    from periods
    inner join orders
        on orders.ordered_date between periods.period_start and periods.period_end
),

totals as (
    select
        periods.period,
        coalesce(sum(period_orders.net_revenue_cny), 0) as revenue,
        count(period_orders.is_first_order) as orders,
        count(distinct period_orders.person_id) as buyers,
        count(case when period_orders.is_first_order then 1 end) as new_buyers
    from periods
    left join period_orders
        on periods.period = period_orders.period
    group by periods.period
)

select
    period,
    cast(revenue as double) as revenue,
    orders,
    buyers,
    new_buyers,
    cast(revenue as double) / nullif(orders, 0) as average_order_value,
    (buyers - new_buyers) / nullif(buyers, 0) as returning_buyer_share
from totals
order by period
""",
        period_params(start, end, channels),
    )


@query
def overview_trend(db: Path, start: date, end: date, channels: Sequence[str]) -> pd.DataFrame:
    """Weekly revenue and orders of both periods, the previous one shifted onto the current."""
    return read(
        db,
        ORDERS_CTE
        + """
select
    case when ordered_date >= $start then 'current' else 'previous' end as period,
    date_trunc(
        'week',
        case
            when ordered_date >= $start then ordered_date
            else ordered_date + $shift_days
        end
    ) as week,
    cast(sum(net_revenue_cny) as double) as revenue,
    count(*) as orders
from orders
where ordered_date between $previous_start and $end
group by all
order by week, period
""",
        {
            "start": start,
            "end": end,
            "previous_start": previous_period(start, end)[0],
            "shift_days": (end - start).days + 1,
            "channels": list(channels),
        },
    )


# --- Customer 360 ----------------------------------------------------------------------------


@query
def find_people(db: Path, candidates: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """identity_map rows matching any (identifier_type, identifier) pair."""
    return read(
        db,
        """
        with

        wanted as (
            select
                unnest($identifier_types) as identifier_type,
                unnest($identifiers) as identifier
        )

        select distinct
            identity_map.identifier_type,
            identity_map.person_id,
            identity_map.is_shared,
            identity_map.shared_reason
        from marts.identity_map
        inner join wanted
            on
                identity_map.identifier_type = wanted.identifier_type
                and identity_map.identifier = wanted.identifier
        order by identity_map.person_id
        """,
        {
            "identifier_types": [kind for kind, _ in candidates],
            "identifiers": [identifier for _, identifier in candidates],
        },
    )


@query
def showcase_customer(db: Path) -> pd.DataFrame:
    """A customer with a full profile (member, most orders), for screenshots and timings."""
    return read(
        db,
        """
        select person_id, primary_customer_id
        from marts.customer_360
        where primary_customer_id is not null
        order by member_id is not null desc, orders_count desc, person_id
        limit 1
        """,
    )


@query
def person_profile(db: Path, person_id: str) -> pd.DataFrame:
    return read(
        db,
        """
        select
            people.person_id,
            people.primary_customer_id,
            people.member_id,
            people.phone_masked,
            people.email_masked,
            people.lifecycle_layer,
            people.connection_strength,
            people.acquisition_channel,
            people.acquisition_kol_id,
            people.shopping_guide_id,
            people.gender,
            people.age_band,
            people.city,
            people.favourite_category,
            people.favourite_brand,
            people.membership_tier,
            people.points_balance,
            people.orders_count,
            cast(people.net_revenue as double) as net_revenue,
            cast(people.average_order_value as double) as average_order_value,
            people.rfm_segment,
            rfm.rfm_cell,
            people.p_alive,
            people.predicted_clv,
            cast(ltv.ltv_12m as double) as ltv_12m,
            ltv.predicted_purchases,
            ltv.prediction_status,
            people.web_sessions,
            people.social_interactions,
            people.people_referred,
            people.service_tickets,
            people.first_seen_at,
            people.last_seen_at,
            people.first_order_at,
            people.last_order_at
        from marts.customer_360 as people
        left join marts.customer_rfm as rfm
            on people.person_id = rfm.person_id
        left join marts.customer_ltv as ltv
            on people.person_id = ltv.person_id
        where people.person_id = $person_id
        """,
        {"person_id": person_id},
    )


@query
def person_identifiers(db: Path, person_id: str) -> pd.DataFrame:
    """Identifiers by type; hashed phones and emails are counted, never listed."""
    return read(
        db,
        """
        select
            identifier_type,
            count(*) as identifiers,
            string_agg(
                case when identifier_type not in ('phone_hash', 'email_hash') then identifier end,
                ', ' order by identifier
            ) as shown_identifiers
        from marts.identity_map
        where person_id = $person_id
        group by identifier_type
        order by identifier_type
        """,
        {"person_id": person_id},
    )


@query
def person_timeline(db: Path, person_id: str, limit: int = TIMELINE_LIMIT) -> pd.DataFrame:
    return read(
        db,
        """
        select
            occurred_at,
            source_system,
            touchpoint_type,
            channel_group,
            campaign_id,
            kol_id,
            guide_id,
            cast(amount_cny as double) as amount_cny
        from marts.fct_touchpoints
        where person_id = $person_id
        order by occurred_at desc, touchpoint_id
        limit $limit
        """,
        {"person_id": person_id, "limit": limit},
    )


@query
def person_segments(db: Path, person_id: str) -> pd.DataFrame:
    return read(
        db,
        """
        select
            definitions.segment_name,
            membership.segment_family,
            membership.since,
            membership.detail
        from marts.segment_membership as membership
        inner join marts.segment_definitions as definitions
            on membership.segment = definitions.segment
        where membership.person_id = $person_id
        order by definitions.display_order
        """,
        {"person_id": person_id},
    )


# --- Segments --------------------------------------------------------------------------------

RFM_PEOPLE_CTE = """
with

scored as (
    select rfm.*
    from marts.customer_rfm as rfm
    inner join marts.customer_360 as people
        on rfm.person_id = people.person_id
    where len($channels) = 0 or list_contains($channels, people.acquisition_channel)
)
"""


@query
def rfm_grid(db: Path, channels: Sequence[str]) -> pd.DataFrame:
    return read(
        db,
        RFM_PEOPLE_CTE
        + """
select
    r_score,
    f_score,
    count(*) as people,
    cast(sum(monetary) as double) as monetary
from scored
group by r_score, f_score
order by r_score, f_score
""",
        {"channels": list(channels)},
    )


@query
def rfm_segments(db: Path, channels: Sequence[str]) -> pd.DataFrame:
    return read(
        db,
        RFM_PEOPLE_CTE
        + """
select
    rfm_segment,
    min(rfm_segment_order) as rfm_segment_order,
    count(*) as people,
    cast(sum(monetary) as double) as monetary,
    avg(recency_days) as avg_recency_days
from scored
group by rfm_segment
order by rfm_segment_order
""",
        {"channels": list(channels)},
    )


@query
def transition_months(db: Path) -> pd.DataFrame:
    return read(
        db,
        """
        select distinct transition_month
        from marts.rfm_segment_transitions
        order by transition_month desc
        """,
    )


@query
def rfm_transitions(db: Path, month: date) -> pd.DataFrame:
    return read(
        db,
        """
        select
            from_segment,
            to_segment,
            people,
            cast(revenue_at_stake_cny as double) as revenue_at_stake_cny,
            is_move
        from marts.rfm_segment_transitions
        where transition_month = $month
        order by people desc
        """,
        {"month": month},
    )


@query
def segment_catalogue(db: Path) -> pd.DataFrame:
    return read(
        db,
        """
        select segment, segment_family, segment_name, segment_rule, members
        from marts.segment_definitions
        order by display_order
        """,
    )


@query
def segment_audience(db: Path, segment: str) -> pd.DataFrame:
    """The rows `make audience` exports (hashed and opaque ids only), with its SQL."""
    contacts = read(db, audience.AUDIENCE_SQL, [segment])
    predicted = read(db, audience.PREDICTED_VALUE_SQL, [segment])
    return audience.with_predicted_value(contacts, predicted)


# --- Lifetime value --------------------------------------------------------------------------


@query
def cohort_channels(db: Path) -> pd.DataFrame:
    return read(
        db,
        """
        select distinct acquisition_channel
        from marts.cohort_retention
        order by acquisition_channel = 'all' desc, acquisition_channel
        """,
    )


@query
def cohort_heatmap(db: Path, channel: str) -> pd.DataFrame:
    return read(
        db,
        """
        select
            cohort_month,
            months_since_first_order,
            cohort_customers,
            retention_rate,
            cast(cumulative_revenue_per_customer as double) as cumulative_revenue_per_customer
        from marts.cohort_retention
        where acquisition_channel = $channel and is_period_complete
        order by cohort_month, months_since_first_order
        """,
        {"channel": channel},
    )


@query
def ltv_curves(db: Path, anchor: str) -> pd.DataFrame:
    return read(
        db,
        """
        select
            dimension_value as acquisition_channel,
            window_months,
            complete_customers,
            cast(avg_net_revenue as double) as avg_net_revenue
        from marts.ltv_by_acquisition
        where acquisition_dimension = 'acquisition_channel' and window_anchor = $anchor
        order by acquisition_channel, window_months
        """,
        {"anchor": anchor},
    )


@query
def clv_distribution(db: Path, channel: str, bins: int = CLV_BINS) -> pd.DataFrame:
    """Customers per predicted-CLV bin up to the 99th percentile (the last bin holds the tail)."""
    return read(
        db,
        """
        with

        scored as (
            select predicted_clv
            from marts.customer_ltv
            where
                predicted_clv is not null
                and ($channel = 'all' or acquisition_channel = $channel)
        ),

        bounds as (
            select greatest(quantile_cont(predicted_clv, 0.99), 0.01) / $bins as bin_width
            from scored
        ),

        binned as (
            select
                least(cast(floor(scored.predicted_clv / bounds.bin_width) as integer), $bins - 1)
                    as bin,
                bounds.bin_width
            from scored
            cross join bounds
        )

        select
            bin,
            bin * bin_width as clv_from,
            (bin + 1) * bin_width as clv_to,
            count(*) as customers
        from binned
        group by bin, bin_width
        order by bin
        """,
        {"channel": channel, "bins": bins},
    )


@query
def clv_summary(db: Path, channel: str) -> pd.DataFrame:
    return read(
        db,
        """
        select
            count(predicted_clv) as scored_customers,
            count(*) - count(predicted_clv) as unscored_customers,
            sum(predicted_clv) as total_predicted_clv,
            median(predicted_clv) as median_predicted_clv,
            avg(p_alive) as mean_p_alive
        from marts.customer_ltv
        where $channel = 'all' or acquisition_channel = $channel
        """,
        {"channel": channel},
    )


@query
def holdout_evaluation(db: Path) -> pd.DataFrame:
    return read(
        db,
        """
        select
            frequency_label,
            calibration_frequency,
            customers,
            mean_actual_repeat_purchases,
            mean_predicted_repeat_purchases,
            actual_repeat_purchases,
            predicted_repeat_purchases,
            holdout_days,
            calibration_end_date,
            holdout_end_date,
            model_status
        from marts.ltv_holdout_evaluation
        order by calibration_frequency
        """,
    )


@query
def model_parameters(db: Path) -> pd.DataFrame:
    return read(
        db,
        """
        select model, parameter, value, log_likelihood, n_customers, status, fitted_at
        from marts.ltv_model_params
        order by model, parameter
        """,
    )


# --- Funnel and channels ---------------------------------------------------------------------

FUNNEL_FILTER = """
    session_date between $start and $end
    and (len($channels) = 0 or list_contains($channels, channel_group))
    and (len($devices) = 0 or list_contains($devices, device_type))
    and (len($platforms) = 0 or list_contains($platforms, platform))
"""


def funnel_params(
    start: date,
    end: date,
    channels: Sequence[str],
    devices: Sequence[str],
    platforms: Sequence[str],
) -> dict[str, Any]:
    return {
        "start": start,
        "end": end,
        "channels": list(channels),
        "devices": list(devices),
        "platforms": list(platforms),
    }


@query
def funnel_options(db: Path) -> pd.DataFrame:
    """Each filter value once, with the date range of funnel_daily."""
    return read(
        db,
        """
        select
            min(session_date) as first_date,
            max(session_date) as last_date,
            list(distinct channel_group order by channel_group)
                filter (where channel_group is not null) as channel_groups,
            list(distinct device_type order by device_type)
                filter (where device_type is not null) as device_types,
            list(distinct platform order by platform)
                filter (where platform is not null) as platforms
        from marts.funnel_daily
        """,
    )


@query
def funnel_totals(
    db: Path,
    start: date,
    end: date,
    channels: Sequence[str],
    devices: Sequence[str],
    platforms: Sequence[str],
) -> pd.DataFrame:
    return read(
        db,
        f"""
        select
            coalesce(sum(sessions), 0) as sessions,
            coalesce(sum(product_view_sessions), 0) as product_view_sessions,
            coalesce(sum(add_to_cart_sessions), 0) as add_to_cart_sessions,
            coalesce(sum(checkout_sessions), 0) as checkout_sessions,
            coalesce(sum(purchase_sessions), 0) as purchase_sessions
        from marts.funnel_daily
        where {FUNNEL_FILTER}
        """,
        funnel_params(start, end, channels, devices, platforms),
    )


@query
def funnel_by_channel(
    db: Path,
    start: date,
    end: date,
    channels: Sequence[str],
    devices: Sequence[str],
    platforms: Sequence[str],
) -> pd.DataFrame:
    return read(
        db,
        f"""
        select
            channel_group,
            sum(sessions) as sessions,
            sum(purchase_sessions) as purchase_sessions,
            sum(purchase_sessions) / nullif(sum(sessions), 0) as purchase_rate
        from marts.funnel_daily
        where {FUNNEL_FILTER}
        group by channel_group
        order by sessions desc
        """,
        funnel_params(start, end, channels, devices, platforms),
    )


@query
def step_drop_off(db: Path, start: date, end: date, channels: Sequence[str]) -> pd.DataFrame:
    """Entered and converted sessions per step over the months of the period."""
    return read(
        db,
        """
        select
            step_number,
            from_step,
            to_step,
            sum(entered_sessions) as entered_sessions,
            sum(converted_sessions) as converted_sessions,
            sum(dropped_sessions) as dropped_sessions,
            sum(dropped_sessions) / nullif(sum(entered_sessions), 0) as drop_off_rate
        from marts.funnel_step_conversion
        where
            session_month between date_trunc('month', $start) and $end
            and (len($channels) = 0 or list_contains($channels, channel_group))
        group by step_number, from_step, to_step
        order by step_number
        """,
        {"start": start, "end": end, "channels": list(channels)},
    )


@query
def product_funnel_top(db: Path, limit: int = 20) -> pd.DataFrame:
    return read(
        db,
        """
        select
            sku,
            product_name,
            brand,
            category,
            product_views,
            add_to_carts,
            purchase_orders,
            view_to_cart_rate,
            cart_to_purchase_rate,
            is_high_view_low_buy
        from marts.product_funnel
        where not is_unknown_sku
        order by product_views desc, sku
        limit $limit
        """,
        {"limit": limit},
    )


@query
def attribution_by_model(db: Path, start: date, end: date) -> pd.DataFrame:
    return read(
        db,
        """
        select
            attribution_model,
            coalesce(channel_group, '(no touchpoint)') as channel_group,
            cast(sum(revenue_credit) as double) as attributed_revenue,
            cast(sum(credit) as double) as attributed_orders
        from marts.order_attribution
        where ordered_date between $start and $end
        group by all
        order by attribution_model, attributed_revenue desc
        """,
        {"start": start, "end": end},
    )


@query
def channel_economics(db: Path, start: date, end: date) -> pd.DataFrame:
    """CAC and ROAS per channel over the months of the period (ratios of the months' sums)."""
    return read(
        db,
        """
        select
            channel_group,
            min(attribution_model) as attribution_model,
            sum(sessions) as sessions,
            sum(new_customers) as new_customers,
            cast(sum(attributed_revenue) as double) as attributed_revenue,
            cast(sum(campaign_cost) as double) as campaign_cost,
            -- as the mart: customers of months without a campaign cost nothing to acquire
            cast(sum(campaign_cost) as double)
            / nullif(sum(case when campaigns > 0 then new_customers end), 0) as cac,
            cast(sum(attributed_revenue) as double) / nullif(sum(campaign_cost), 0) as roas
        from marts.channel_performance_monthly
        where report_month between date_trunc('month', $start) and $end
        group by channel_group
        order by attributed_revenue desc
        """,
        {"start": start, "end": end},
    )


# --- Social CRM ------------------------------------------------------------------------------


@query
def layer_dates(db: Path) -> pd.DataFrame:
    return read(
        db,
        """
        select min(layer_date) as first_date, max(layer_date) as last_date
        from marts.lifecycle_layer_daily
        """,
    )


@query
def layer_pyramid(db: Path, on_date: date) -> pd.DataFrame:
    return read(
        db,
        """
        select lifecycle_layer, layer_rank, people
        from marts.lifecycle_layer_daily
        where layer_date = $on_date
        order by layer_rank
        """,
        {"on_date": on_date},
    )


@query
def layer_moves(db: Path, start: date, end: date) -> pd.DataFrame:
    return read(
        db,
        """
        select
            from_layer,
            to_layer,
            min(from_layer_rank) as from_layer_rank,
            min(to_layer_rank) as to_layer_rank,
            sum(people) as people
        from marts.lifecycle_layer_moves
        where move_month between date_trunc('month', $start) and $end
        group by from_layer, to_layer
        order by from_layer_rank, to_layer_rank
        """,
        {"start": start, "end": end},
    )


@query
def top_influencers(db: Path, limit: int = 20) -> pd.DataFrame:
    return read(
        db,
        """
        select
            influence_rank,
            person_id,
            lifecycle_layer,
            shares_count,
            people_reached,
            direct_referrals,
            max_chain_depth,
            referred_new_customers,
            cast(referred_revenue as double) as referred_revenue,
            influence_score
        from marts.customer_influence
        where influence_rank <= $limit
        order by influence_rank
        """,
        {"limit": limit},
    )


@query
def kol_table(db: Path, platforms: Sequence[str]) -> pd.DataFrame:
    return read(
        db,
        """
        select
            kol_name,
            platform,
            tier,
            campaigns_count,
            people_reached,
            followers_gained,
            new_customers,
            orders_count,
            cast(net_revenue as double) as net_revenue,
            cast(campaign_cost as double) as campaign_cost,
            roi
        from marts.kol_performance
        where len($platforms) = 0 or list_contains($platforms, platform)
        order by net_revenue desc
        """,
        {"platforms": list(platforms)},
    )


@query
def kol_platforms(db: Path) -> pd.DataFrame:
    return read(db, "select distinct platform from marts.kol_performance order by platform")


@query
def guide_table(db: Path, limit: int = 20) -> pd.DataFrame:
    return read(
        db,
        """
        select
            guide_name,
            store_id,
            people_recruited,
            members_recruited,
            friends_added,
            recruit_buyers,
            cast(recruit_revenue as double) as recruit_revenue,
            guide_orders,
            cast(guide_revenue as double) as guide_revenue
        from marts.shopping_guide_performance
        order by recruit_revenue desc, guide_name
        limit $limit
        """,
        {"limit": limit},
    )


@query
def coupons_by_channel(db: Path) -> pd.DataFrame:
    """Coupons and red packets per channel (the mart's counts summed, rates of the sums)."""
    return read(
        db,
        """
        select
            channel,
            count(*) as campaigns,
            sum(coupons_issued) as coupons_issued,
            sum(coupons_redeemed) as coupons_redeemed,
            sum(coupons_redeemed) / nullif(sum(coupons_issued), 0) as redemption_rate,
            cast(sum(coupon_revenue) as double) as coupon_revenue,
            cast(sum(face_value_spent) as double) as face_value_spent
        from marts.coupon_redemption
        group by channel
        order by coupons_issued desc
        """,
    )


@query
def red_packet_campaigns(db: Path) -> pd.DataFrame:
    return read(
        db,
        """
        select
            campaign_name,
            coupons_issued,
            coupons_redeemed,
            redemption_rate,
            median_days_to_redeem,
            cast(coupon_revenue as double) as coupon_revenue
        from marts.coupon_redemption
        where channel = 'red_packet'
        order by coupons_issued desc
        """,
    )


@query
def message_reach(db: Path) -> pd.DataFrame:
    return read(
        db,
        """
        select
            channel,
            sent,
            delivered,
            opened,
            clicked,
            converted,
            open_rate,
            click_through_rate,
            conversion_rate
        from marts.message_channel_reach
        order by sent desc
        """,
    )


# --- Data quality ----------------------------------------------------------------------------


@query
def dbt_result_counts(db: Path) -> pd.DataFrame:
    return read(
        db,
        f"""
        select resource_type, status, count(*) as nodes
        from {PUBLICATION_SCHEMA}.dbt_results
        group by resource_type, status
        order by resource_type, status
        """,
    )


@query
def dbt_problems(db: Path) -> pd.DataFrame:
    return read(
        db,
        f"""
        select unique_id, status, failures, message
        from {PUBLICATION_SCHEMA}.dbt_results
        where status not in ('success', 'pass', 'no-op')
        order by status, unique_id
        """,
    )


@query
def expectation_results(db: Path) -> pd.DataFrame:
    """The latest great-expectations run (python -m crm_warehouse.quality), failures first."""
    return read(
        db,
        """
        with

        latest_run as (
            select run_id
            from quality.expectation_results
            order by run_at desc, run_id desc
            limit 1
        )

        select
            results.run_at,
            results.success,
            results.severity,
            results.mart,
            results.expectation,
            results.column_name,
            results.observed_value
        from quality.expectation_results as results
        inner join latest_run
            on results.run_id = latest_run.run_id
        order by results.success, results.severity, results.mart, results.expectation
        """,
    )


@query
def quarantine_sources(db: Path) -> pd.DataFrame:
    return read(
        db,
        "select distinct source_table from marts.quarantine_summary order by source_table",
    )


@query
def quarantine_counts(db: Path, tables: Sequence[str]) -> pd.DataFrame:
    return read(
        db,
        """
        select
            source_table,
            quarantine_reason,
            sum(quarantined_rows) as quarantined_rows
        from marts.quarantine_summary
        where len($tables) = 0 or list_contains($tables, source_table)
        group by source_table, quarantine_reason
        order by quarantined_rows desc
        """,
        {"tables": list(tables)},
    )


@query
def source_freshness(db: Path) -> pd.DataFrame:
    return read(
        db,
        """
        select
            source_table,
            newest_kept_row_at,
            raw_rows,
            kept_rows,
            quarantined_rows,
            quarantined_share,
            is_reconciled,
            is_empty
        from marts.raw_table_reconciliation
        order by source_table
        """,
    )


# --- Page timings ----------------------------------------------------------------------------

PageQueries = list[tuple[str, dict[str, Any]]]
OVERVIEW_DAYS = 90


def page_default_queries(db: Path) -> dict[str, PageQueries]:
    """The queries each page runs on first load, with the page's default filters."""
    orders = order_date_range(db).iloc[0]
    last_order = orders["last_date"]
    overview_start = max(orders["first_date"], last_order - timedelta(days=OVERVIEW_DAYS - 1))
    funnel = funnel_options(db).iloc[0]
    funnel_all = {
        "start": funnel["first_date"],
        "end": funnel["last_date"],
        "channels": [],
        "devices": [],
        "platforms": [],
    }
    period = {"start": funnel["first_date"], "end": funnel["last_date"]}
    showcase = showcase_customer(db).iloc[0]
    person = {"person_id": showcase["person_id"]}
    first_segment = segment_catalogue(db)["segment"].iloc[0]
    latest_month = transition_months(db)["transition_month"].iloc[0]
    pages: dict[str, PageQueries] = {
        "overview": [
            ("order_date_range", {}),
            ("acquisition_channels", {}),
            ("overview_kpis", {"start": overview_start, "end": last_order, "channels": []}),
            ("overview_trend", {"start": overview_start, "end": last_order, "channels": []}),
        ],
        "customer_360": [
            ("find_people", {"candidates": [("customer_id", showcase["primary_customer_id"])]}),
            ("person_profile", person),
            ("person_identifiers", person),
            ("person_segments", person),
            ("person_timeline", person),
        ],
        "segments": [
            ("acquisition_channels", {}),
            ("rfm_segments", {"channels": []}),
            ("rfm_grid", {"channels": []}),
            ("transition_months", {}),
            ("rfm_transitions", {"month": latest_month}),
            ("segment_catalogue", {}),
            ("segment_audience", {"segment": first_segment}),
        ],
        "lifetime_value": [
            ("cohort_channels", {}),
            ("clv_summary", {"channel": "all"}),
            ("cohort_heatmap", {"channel": "all"}),
            ("ltv_curves", {"anchor": "first_order"}),
            ("clv_distribution", {"channel": "all"}),
            ("holdout_evaluation", {}),
            ("model_parameters", {}),
        ],
        "funnel_channels": [
            ("funnel_options", {}),
            ("funnel_totals", funnel_all),
            ("step_drop_off", {**period, "channels": []}),
            ("funnel_by_channel", funnel_all),
            ("product_funnel_top", {}),
            ("attribution_by_model", period),
            ("channel_economics", period),
        ],
        "social_crm": [
            ("layer_dates", {}),
            ("kol_platforms", {}),
            ("kol_table", {"platforms": []}),
            ("top_influencers", {}),
            ("guide_table", {}),
            ("coupons_by_channel", {}),
            ("red_packet_campaigns", {}),
            ("message_reach", {}),
        ],
        "data_quality": [
            ("publication", {}),
            ("dbt_result_counts", {}),
            ("dbt_problems", {}),
            ("expectation_results", {}),
            ("quarantine_sources", {}),
            ("quarantine_counts", {"tables": []}),
            ("source_freshness", {}),
        ],
    }
    return pages


QUERY_TABLES = {
    "attribution_by_model": "marts.order_attribution",
    "channel_economics": "marts.channel_performance_monthly",
    "layer_dates": "marts.lifecycle_layer_daily",
    "top_influencers": "marts.customer_influence",
    "kol_platforms": "marts.kol_performance",
    "kol_table": "marts.kol_performance",
    "guide_table": "marts.shopping_guide_performance",
    "coupons_by_channel": "marts.coupon_redemption",
    "red_packet_campaigns": "marts.coupon_redemption",
    "message_reach": "marts.message_channel_reach",
    "expectation_results": "quality.expectation_results",
    "quarantine_sources": "marts.quarantine_summary",
    "quarantine_counts": "marts.quarantine_summary",
    "source_freshness": "marts.raw_table_reconciliation",
}


def measure_pages(db: Path, repeats: int = 3) -> dict[str, float]:
    """Median seconds of each page's first-load queries, uncached (optional marts if built)."""
    available = set(available_tables(db)["table_name"])
    timings = {}
    for page, queries in page_default_queries(db).items():
        runnable = [
            (name, params)
            for name, params in queries
            if name not in QUERY_TABLES or QUERY_TABLES[name] in available
        ]
        seconds = []
        for _ in range(repeats):
            started = time.perf_counter()
            for name, params in runnable:
                QUERIES[name](db, **params)
            seconds.append(time.perf_counter() - started)
        timings[page] = statistics.median(seconds)
    return timings


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time each dashboard page's queries.")
    parser.add_argument("--published", type=Path, default=None, help="default: $CRM_PUBLISHED")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    db = args.published or published_path()
    for page, seconds in measure_pages(db, args.repeats).items():
        print(f"{page:<18} {seconds:6.3f} s")


if __name__ == "__main__":
    main()
