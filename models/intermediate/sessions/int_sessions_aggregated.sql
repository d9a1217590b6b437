{#- One row per web session from its events. The landing (first) event gives the traffic
    source, device and platform; the last event the exit page; the last logged-in event the
    customer. Funnel steps count in order: each step is reached at the earliest event of that
    step at or after the time the previous step was reached (visit -> product_view ->
    add_to_cart -> begin_checkout -> purchase). Bot verdict and channel group: fct_sessions.
    Incremental (delete+insert by visitor): int_web_events_sessionized rewrites only events
    from T - timeout on (T = incremental_window_start()), so a session that ended earlier
    cannot change; a run aggregates again the sessions with an event from T - timeout on and
    replaces the loaded sessions of their visitors that ended from then on. -#}
{%- set window_start = incremental_window_start(incremental_relation(), 'ended_at') -%}
{%- set rewritten_from = dbt.dateadd(
    'minute', -1 * (var('session_timeout_minutes') | int), window_start) -%}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='visitor_hash',
    incremental_predicates=['ended_at >= ' ~ rewritten_from],
    on_schema_change='fail',
) }}

with

sessionized_events as (
    select * from {{ ref('int_web_events_sessionized') }}
),

events as (
    select * from {{ ref('stg_web__events') }}
),

{% if is_incremental() %}

    reopened_sessions as (
        select distinct
            visitor_hash,
            session_started_at
        from sessionized_events
        where event_at >= {{ rewritten_from }}
    ),

    earliest_reopened as (
        select min(session_started_at) as session_started_at
        from reopened_sessions
    ),

    events_to_aggregate as (
        select sessionized_events.*
        from sessionized_events
        inner join reopened_sessions
            on
                sessionized_events.visitor_hash = reopened_sessions.visitor_hash
                and sessionized_events.session_started_at = reopened_sessions.session_started_at
        where
            sessionized_events.session_started_at
            >= (select earliest_reopened.session_started_at from earliest_reopened)
    ),

    -- Only the events of the reopened sessions' time span can be their landing or exit.
    edge_candidate_events as (
        select * from events
        where event_at >= (select earliest_reopened.session_started_at from earliest_reopened)
    ),

{% else %}

    events_to_aggregate as (
        select * from sessionized_events
    ),

    edge_candidate_events as (
        select * from events
    ),

{% endif %}

sessions as (
    select
        visitor_hash,
        session_started_at,
        max(case when is_session_start then event_hash end) as landing_event_hash,
        max(case when is_session_end then event_hash end) as exit_event_hash,
        {{ last_by('customer_id', 'event_at') }} as customer_id,
        count(*) as events_count,
        sum(case when event_name in ('page_view', 'product_view') then 1 else 0 end)
            as page_views,
        sum(case when event_name = 'product_view' then 1 else 0 end) as product_view_events,
        sum(case when event_name = 'add_to_cart' then 1 else 0 end) as add_to_cart_events,
        sum(case when event_name = 'begin_checkout' then 1 else 0 end) as checkout_events,
        sum(case when event_name = 'purchase' then 1 else 0 end) as purchase_events,
        max(event_at) as ended_at,
        -- bigint on every engine: PostgreSQL's datediff is a double precision
        cast(
            {{ dbt.datediff('session_started_at', 'max(event_at)', 'second') }}
            as {{ dbt.type_bigint() }}
        ) as duration_seconds,
        min(case when event_name = 'product_view' then event_at end) as product_viewed_at,
        array_agg(event_at) filter (where event_name = 'add_to_cart') as add_to_cart_times,
        array_agg(event_at) filter (where event_name = 'begin_checkout') as checkout_times,
        array_agg(event_at) filter (where event_name = 'purchase') as purchase_times,
        max(case when event_name = 'add_to_cart' then event_at end) as last_added_to_cart_at,
        max(case when event_name = 'purchase' then event_at end) as last_purchase_event_at
    from events_to_aggregate
    group by visitor_hash, session_started_at
),

cart_step as (
    select
        *,
        {{ earliest_at_or_after('add_to_cart_times', 'product_viewed_at') }} as added_to_cart_at
    from sessions
),

checkout_step as (
    select
        *,
        {{ earliest_at_or_after('checkout_times', 'added_to_cart_at') }} as checkout_began_at
    from cart_step
),

purchase_step as (
    select
        *,
        {{ earliest_at_or_after('purchase_times', 'checkout_began_at') }} as purchased_at
    from checkout_step
),

-- The landing and exit events' own fields: one lookup of both edges of every session, by
-- the integer keys of int_web_events_sessionized.
edge_events as (
    select
        visitor_hash,
        landing_event_hash as event_hash,
        'landing' as edge
    from sessions

    union all

    select
        visitor_hash,
        exit_event_hash as event_hash,
        'exit' as edge
    from sessions
),

events_hashed as (
    select
        *,
        {{ integer_hash("coalesce(anonymous_id, 'event:' || event_id)") }} as visitor_hash,
        {{ integer_hash('event_id') }} as event_hash
    from edge_candidate_events
),

edge_payloads as (
    select
        edge_events.visitor_hash,
        edge_events.event_hash,
        edge_events.edge,
        events.event_id,
        events.anonymous_id,
        events.page_type,
        events.page_url,
        events.referrer_url,
        events.utm_source,
        events.utm_medium,
        events.utm_campaign,
        events.utm_content,
        events.device_type,
        events.platform
    from events_hashed as events
    inner join edge_events
        on events.visitor_hash = edge_events.visitor_hash
            and events.event_hash = edge_events.event_hash
),

landings as (
    select
        *,
        {{ url_host('referrer_url') }} as referrer_domain
    from edge_payloads
    where edge = 'landing'
),

exits as (
    select * from edge_payloads
    where edge = 'exit'
),

final as (
    select
        {{ dbt.hash("coalesce(landings.anonymous_id, 'event:' || landings.event_id) || '|' || "
                    ~ "cast(purchase_step.session_started_at as " ~ dbt.type_string() ~ ")") }}
            as session_id,
        purchase_step.visitor_hash,
        landings.anonymous_id,
        purchase_step.customer_id,
        landings.event_id as landing_event_id,
        landings.page_type as landing_page_type,
        landings.page_url as landing_page_url,
        exits.page_type as exit_page_type,
        exits.page_url as exit_page_url,
        landings.referrer_url,
        landings.referrer_domain,
        landings.utm_source,
        landings.utm_medium,
        landings.utm_campaign,
        landings.utm_content,
        -- What the channel map is applied to (int_traffic_sources_mapped).
        coalesce(lower(landings.utm_source), '') || '|'
        || coalesce(lower(landings.utm_medium), '') || '|'
        || coalesce(landings.referrer_domain, '') as traffic_source_key,
        landings.device_type,
        landings.platform,
        cast(purchase_step.events_count as {{ dbt.type_bigint() }}) as events_count,
        cast(purchase_step.page_views as {{ dbt.type_bigint() }}) as page_views,
        cast(purchase_step.product_view_events as {{ dbt.type_bigint() }})
            as product_view_events,
        cast(purchase_step.add_to_cart_events as {{ dbt.type_bigint() }}) as add_to_cart_events,
        cast(purchase_step.checkout_events as {{ dbt.type_bigint() }}) as checkout_events,
        cast(purchase_step.purchase_events as {{ dbt.type_bigint() }}) as purchase_events,
        cast(
            case
                when purchase_step.purchased_at is not null then 4
                when purchase_step.checkout_began_at is not null then 3
                when purchase_step.added_to_cart_at is not null then 2
                when purchase_step.product_viewed_at is not null then 1
                else 0
            end as {{ dbt.type_int() }}
        ) as funnel_depth,
        purchase_step.duration_seconds,
        -- Events per minute over the session, a session shorter than a minute counting as one.
        cast(purchase_step.events_count as {{ type_double() }}) * 60 / (
            case
                when purchase_step.duration_seconds > 60 then purchase_step.duration_seconds
                else 60
            end
        ) as events_per_minute,
        purchase_step.product_viewed_at is not null as has_product_view,
        purchase_step.added_to_cart_at is not null as has_add_to_cart,
        purchase_step.checkout_began_at is not null as has_checkout,
        purchase_step.purchased_at is not null as has_purchase,
        purchase_step.purchase_events > 0 as converted,
        {{ to_local_date('purchase_step.session_started_at') }} as session_date,
        purchase_step.session_started_at as started_at,
        purchase_step.ended_at,
        purchase_step.product_viewed_at,
        purchase_step.added_to_cart_at,
        purchase_step.checkout_began_at,
        purchase_step.purchased_at,
        purchase_step.last_added_to_cart_at,
        purchase_step.last_purchase_event_at
    from purchase_step
    left join landings
        on purchase_step.visitor_hash = landings.visitor_hash
            and purchase_step.landing_event_hash = landings.event_hash
    left join exits
        on purchase_step.visitor_hash = exits.visitor_hash
            and purchase_step.exit_event_hash = exits.event_hash
)

select * from final
