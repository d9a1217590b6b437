{#- The redemption measures of a group of int_coupons_redeemed rows, as the select list of an
    aggregate query, cast to the marts' contract types: the one definition coupon_redemption
    (per campaign) and coupon_channel_redemption (per channel) share. A median does not add up
    across groups, so each grain aggregates the coupons themselves. -#}
{% macro coupon_redemption_measures() -%}
    {%- set coupons_redeemed = 'sum(case when is_redeemed then 1 else 0 end)' -%}
    cast(count(*) as bigint) as coupons_issued,
    cast({{ coupons_redeemed }} as bigint) as coupons_redeemed,
    cast({{ coupons_redeemed }} as {{ type_double() }}) / count(*) as redemption_rate,
    cast(avg(days_to_redeem) as {{ type_double() }}) as avg_days_to_redeem,
    cast({{ median('days_to_redeem') }} as {{ type_double() }}) as median_days_to_redeem,
    cast(sum(coupon_orders) as bigint) as coupon_orders,
    cast(sum(coupon_revenue) as decimal(18, 2)) as coupon_revenue,
    cast(sum(face_value) as decimal(18, 2)) as face_value_issued,
    cast(sum(case when is_redeemed then face_value else 0 end) as decimal(18, 2))
        as face_value_spent
{%- endmacro %}
