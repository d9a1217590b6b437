{#- Each campaign's cost spread over the local calendar months it ran, in proportion to its
    days in each month (started_date to ended_date, both counted; a campaign without an end,
    or ending before it starts, runs on its start day only). Each month gets the cumulative
    cost through its last day, rounded to the cent, minus that of the month before, so the
    months add up to exactly the campaign's cost. -#}

{#- A campaign running longer puts the rest of its cost in its last counted month. -#}
{%- set max_campaign_months = 120 -%}

with

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

month_offsets as (
    {{ number_series(max_campaign_months, 'month_offset') }}
),

campaign_spans as (
    select
        campaign_id,
        kol_id,
        channel,
        campaign_cost,
        started_date,
        case
            when ended_date >= started_date then ended_date else started_date
        end as last_date,
        cast({{ dbt.date_trunc('month', 'started_date') }} as date) as started_month
    from campaigns
),

campaign_lengths as (
    select
        *,
        {{ dbt.datediff('started_date', 'last_date', 'day') }} + 1 as days_count,
        {{ dbt.datediff('started_month', 'last_date', 'month') }} + 1 as months_count
    from campaign_spans
),

campaign_months as (
    select
        campaign_lengths.*,
        month_offsets.month_offset,
        cast(
            {{ dbt.dateadd(
                'month', 'month_offsets.month_offset', 'campaign_lengths.started_month'
            ) }}
            as date
        ) as spend_month
    from campaign_lengths
    inner join month_offsets
        on campaign_lengths.months_count > month_offsets.month_offset
),

days_through_months as (
    select
        *,
        case
            when
                month_offset = months_count - 1
                or month_offset = {{ max_campaign_months - 1 }}
                then days_count
            else
                {{ dbt.datediff(
                    'started_date',
                    dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'spend_month')),
                    'day'
                ) }} + 1
        end as days_through_month
    from campaign_months
),

cumulative_costs as (
    select
        *,
        cast(campaign_cost * days_through_month / days_count as decimal(18, 2))
            as cost_through_month
    from days_through_months
),

final as (
    select
        campaign_id,
        kol_id,
        channel,
        {{ campaign_channel_group('channel') }} as channel_group,
        cast(
            cost_through_month - coalesce(
                lag(cost_through_month) over (
                    partition by campaign_id order by month_offset
                ),
                0
            )
            as decimal(18, 2)
        ) as campaign_cost,
        spend_month,
        cast(month_offset as integer) as month_offset
    from cumulative_costs
)

select * from final
