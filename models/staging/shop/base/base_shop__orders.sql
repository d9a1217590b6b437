{#- Every raw order version with typed columns, CNY amounts and its quarantine verdict. Rules,
    first match wins: missing_key (order_id, updated_at), invalid_timestamp / future_timestamp
    / before_shop_opened (ordered_at, updated_at), unknown_enum (status, channel, currency),
    negative_amount (gross, discount, shipping or paid amount below zero), duplicate (another
    row of the same order_id and updated_at instant was kept), superseded_version (a later
    valid version of the order_id exists). Amounts are converted to CNY with the latest
    fx_rates row on or before the order's local date (the earliest rate when the order
    predates the table: is_fx_rate_fallback). Zero-amount (gift) orders are valid. -#}
{%- set raw_columns = source_column_names('shop', 'shop_orders') -%}
{%- set amounts = ['gross_amount', 'discount_amount', 'shipping_amount', 'paid_amount'] -%}
{%- set row_rules = missing_key_rule(['order_id', 'updated_at'])
    + timestamp_rules({'ordered_at': 'parsed_ordered_at', 'updated_at': 'parsed_updated_at'})
    + enum_rules('shop_orders', ['status', 'channel', 'currency'])
    + [{
        'reason': 'negative_amount',
        'when': any_column(amounts, '{} < 0'),
        'detail': first_value_detail(amounts, '{} < 0'),
    }] -%}

with

source as (
    {{ depends_on_demo_seed('shop_orders') }}
    select * from {{ source('shop', 'shop_orders') }}
),

fx_rates as (
    select * from {{ ref('fx_rates') }}
),

fx_rate_periods as (
    select
        currency,
        rate_to_cny,
        cast(rate_date as date) as rate_date,
        case
            when row_number() over (partition by currency order by rate_date) = 1
                then cast('1900-01-01' as date)
            else cast(rate_date as date)
        end as effective_from,
        coalesce(
            lead(cast(rate_date as date)) over (partition by currency order by rate_date),
            cast('9999-12-31' as date)
        ) as effective_to
    from fx_rates
),

parsed as (
    select
        *,
        {{ raw_row_key(['order_id', 'updated_at']) }} as row_key,
        {{ raw_row_hash(raw_columns) }} as raw_row_hash,
        {{ parse_timestamp('ordered_at') }} as parsed_ordered_at,
        {{ parse_timestamp('updated_at') }} as parsed_updated_at
    from source
),

validated as (
    select
        *,
        {{ quarantine_columns(row_rules, prefix='row_') }}
    from parsed
),

ranked as (
    select
        *,
        -- copies of one version (same order_id and updated_at instant): the first is kept
        {{ rank_copies(['order_id', 'parsed_updated_at']) }} as copy_rank,
        max(case when row_quarantine_reason is null then parsed_updated_at end) over (
            partition by order_id
        ) as latest_updated_at
    from validated
),

judged as (
    select
        *,
        {{ to_local_date('parsed_ordered_at') }} as ordered_date,
        {{ quarantine_verdict(version_key='order_id') }}
    from ranked
),

order_dates as (
    select distinct
        currency,
        ordered_date
    from judged
),

order_date_rates as (
    select
        order_dates.currency,
        order_dates.ordered_date,
        cast(fx_rate_periods.rate_to_cny as decimal(18, 6)) as fx_rate,
        order_dates.ordered_date < fx_rate_periods.rate_date as is_fx_rate_fallback
    from order_dates
    inner join fx_rate_periods
        on
            order_dates.currency = fx_rate_periods.currency
            and order_dates.ordered_date >= fx_rate_periods.effective_from
            and order_dates.ordered_date < fx_rate_periods.effective_to
),

converted as (
    select
        judged.*,
        coalesce(
            order_date_rates.fx_rate,
            case
                when judged.currency = '{{ var("reporting_currency") }}'
                    then cast(1 as decimal(18, 6))
            end
        ) as fx_rate,
        coalesce(order_date_rates.is_fx_rate_fallback, false) as is_fx_rate_fallback
    from judged
    left join order_date_rates
        on
            judged.currency = order_date_rates.currency
            and judged.ordered_date = order_date_rates.ordered_date
),

final as (
    select
        row_key,
        raw_row_hash,
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('store_id') }} as store_id,
        {{ clean_text('guide_id') }} as guide_id,
        {{ clean_text('coupon_id') }} as coupon_id,
        channel,
        status,
        currency,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        {{ to_money('gross_amount') }} as gross_amount,
        {{ to_money('discount_amount') }} as discount_amount,
        {{ to_money('shipping_amount') }} as shipping_amount,
        {{ to_money('paid_amount') }} as paid_amount,
        fx_rate,
        {{ to_cny(to_money('gross_amount'), 'fx_rate') }} as gross_amount_cny,
        {{ to_cny(to_money('discount_amount'), 'fx_rate') }} as discount_amount_cny,
        {{ to_cny(to_money('shipping_amount'), 'fx_rate') }} as shipping_amount_cny,
        {{ to_cny(to_money('paid_amount'), 'fx_rate') }} as paid_amount_cny,
        (
            {{ to_money('paid_amount') }} <> {{ to_money('gross_amount') }}
            - {{ to_money('discount_amount') }} + {{ to_money('shipping_amount') }}
        ) as is_paid_amount_mismatch,
        status in ('paid', 'shipped', 'completed', 'refunded') as is_revenue_status,
        is_fx_rate_fallback,
        ordered_date,
        parsed_ordered_at as ordered_at,
        parsed_updated_at as updated_at
    from converted
)

select * from final
