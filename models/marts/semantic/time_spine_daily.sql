{#- MetricFlow's time spine: one row per calendar day from the shop's opening, for
    time_spine_days days, so that a metric has a row for a day on which nothing happened. -#}
with

day_numbers as (
    {{ number_series(var('time_spine_days')) }}
),

final as (
    select
        cast(
            {{ dbt.dateadd(
                'day',
                'day_numbers.generated_number',
                "cast('" ~ var('shop_opened_date') ~ "' as date)",
            ) }} as date
        ) as date_day
    from day_numbers
)

select * from final
