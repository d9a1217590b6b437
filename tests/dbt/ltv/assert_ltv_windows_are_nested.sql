{#- Net revenue is never negative (refunds are capped at the order's paid amount), so a longer
    window from the same anchor holds at least what a shorter one holds, and a window is
    complete only if every shorter one is. A value exists exactly when its window is complete.
    A row here is a customer's window breaking one of these. -#}
with

windows as (
    select * from {{ ref('int_ltv_windows_summed') }}
),

with_shorter as (
    select
        person_id,
        window_anchor,
        window_months,
        net_revenue,
        is_complete,
        lag(net_revenue) over (
            partition by person_id, window_anchor order by window_months
        ) as shorter_net_revenue,
        lag(is_complete) over (
            partition by person_id, window_anchor order by window_months
        ) as is_shorter_complete
    from windows
),

final as (
    select *
    from with_shorter
    where
        (net_revenue is null) = is_complete
        or net_revenue < 0
        or net_revenue < shorter_net_revenue
        or (is_complete and not is_shorter_complete)
)

select * from final
