{#- People who added to cart and have not bought since, for at least
    var('cart_abandonment_days') days and at most var('cart_abandonment_max_days'), as of
    var('as_of_date') (default: the latest order date, as everywhere): the trigger list of the
    "remind on day N + 1" automation; an older cart is no longer a live abandonment. A
    person's latest add to cart (any web session, bots excluded, up to the as-of date)
    counts; any web purchase event or revenue order of the person at or after it, up to the
    as-of date, clears it. Days are counted between local dates. -#}

with

sessions as (
    select * from {{ ref('fct_sessions') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

human_sessions as (
    select sessions.*
    from sessions
    cross join as_of
    where
        not sessions.is_bot
        and sessions.person_id is not null
        and sessions.session_date <= as_of.as_of_date
),

latest_carts as (
    select
        person_id,
        max(last_added_to_cart_at) as last_added_to_cart_at
    from human_sessions
    where last_added_to_cart_at is not null
    group by person_id
),

cart_sessions as (
    select
        human_sessions.person_id,
        max(human_sessions.session_id) as last_cart_session_id,
        max(human_sessions.channel_group) as last_cart_channel_group
    from human_sessions
    inner join latest_carts
        on human_sessions.person_id = latest_carts.person_id
            and human_sessions.last_added_to_cart_at = latest_carts.last_added_to_cart_at
    group by human_sessions.person_id
),

web_purchases as (
    select
        person_id,
        max(last_purchase_event_at) as last_bought_at
    from human_sessions
    where last_purchase_event_at is not null
    group by person_id
),

order_purchases as (
    select
        orders.person_id,
        max(orders.ordered_at) as last_bought_at
    from orders
    cross join as_of
    where
        orders.is_revenue_order
        and orders.person_id is not null
        and orders.ordered_date <= as_of.as_of_date
    group by orders.person_id
),

abandoned as (
    select
        latest_carts.person_id,
        latest_carts.last_added_to_cart_at,
        as_of.as_of_date,
        {{ to_local_date('latest_carts.last_added_to_cart_at') }} as last_added_to_cart_date
    from latest_carts
    cross join as_of
    left join web_purchases
        on latest_carts.person_id = web_purchases.person_id
    left join order_purchases
        on latest_carts.person_id = order_purchases.person_id
    where
        coalesce(web_purchases.last_bought_at < latest_carts.last_added_to_cart_at, true)
        and coalesce(order_purchases.last_bought_at < latest_carts.last_added_to_cart_at, true)
),

final as (
    select
        abandoned.person_id,
        cart_sessions.last_cart_session_id,
        cart_sessions.last_cart_channel_group,
        cast(
            {{ dbt.datediff('abandoned.last_added_to_cart_date', 'abandoned.as_of_date', 'day') }}
            as {{ dbt.type_int() }}
        ) as days_since_add_to_cart,
        {{ dbt.datediff('abandoned.last_added_to_cart_date', 'abandoned.as_of_date', 'day') }}
        = {{ var('cart_abandonment_days') }} as is_reminder_due,
        abandoned.last_added_to_cart_date,
        abandoned.as_of_date,
        abandoned.last_added_to_cart_at
    from abandoned
    left join cart_sessions
        on abandoned.person_id = cart_sessions.person_id
    where
        {{ dbt.datediff('abandoned.last_added_to_cart_date', 'abandoned.as_of_date', 'day') }}
        between {{ var('cart_abandonment_days') }} and {{ var('cart_abandonment_max_days') }}
)

select * from final
