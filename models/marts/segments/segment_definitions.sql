{#- The catalogue of segments: one row per segment that segment_membership can hold, empty or
    not, with its rule (thresholds as configured in this build) and its size. make audience
    accepts exactly these names. -#}
{%- set behavioural = [
    {'segment': 'brand_loyal',
     'name': 'Brand-loyal buyers',
     'rule': 'at least ' ~ var('brand_loyal_min_orders') ~ ' revenue orders and at least '
             ~ var('brand_loyal_min_spend_share') ~ ' of spend on one brand'},
    {'segment': 'discount_only',
     'name': 'Discount-only buyers',
     'rule': 'at least ' ~ var('discount_only_min_orders') ~ ' paid orders, at least '
             ~ var('discount_only_min_order_share') ~ ' of them with a discount or coupon'},
    {'segment': 'festival_only',
     'name': 'Festival-only buyers',
     'rule': 'at least ' ~ var('festival_only_min_orders') ~ ' revenue orders, all inside '
             ~ (var('festival_only_names') | join(', ')) ~ ' sales windows'},
    {'segment': 'discount_or_friend_link_clicker',
     'name': 'Discount and friend-link clickers',
     'rule': 'at least ' ~ var('link_clicker_min_clicks')
             ~ ' link clicks, every one on a discount link or a friend\'\'s shared link'},
    {'segment': 'high_influence',
     'name': 'High-influence people',
     'rule': 'shared links brought at least ' ~ var('high_influence_min_referred_people')
             ~ ' people who placed at least ' ~ var('high_influence_min_referred_orders')
             ~ ' revenue orders'},
    {'segment': 'birthday_this_month',
     'name': 'Birthday this month',
     'rule': 'birth date in the month of as_of_date'},
    {'segment': 'lapsed_member',
     'name': 'Lapsed members',
     'rule': 'loyalty members with no revenue order in ' ~ var('lapsed_member_days') ~ ' days'},
    {'segment': 'cart_abandoner',
     'name': 'Cart abandoners',
     'rule': 'latest add to cart not followed by a purchase for '
             ~ var('cart_abandonment_days') ~ ' to ' ~ var('cart_abandonment_max_days')
             ~ ' days (mart cart_abandoners)'},
] -%}
with

segment_map as (
    select * from {{ ref('rfm_segment_map') }}
),

membership as (
    select * from {{ ref('segment_membership') }}
),

rfm_segments as (
    select
        'rfm_' || segment_key as segment,
        'rfm' as segment_family,
        min(rfm_segment) as segment_name,
        'r_score in ('
        || {{ dbt.listagg(
            'distinct cast(r_score as varchar)', "', '", 'order by cast(r_score as varchar)'
        ) }}
        || '), f_score in ('
        || {{ dbt.listagg(
            'distinct cast(f_score as varchar)', "', '", 'order by cast(f_score as varchar)'
        ) }}
        || ')' as segment_rule,
        min(segment_order) as display_order
    from segment_map
    group by segment_key
),

behavioural_segments as (
    {% for definition in behavioural %}
        select
            '{{ definition.segment }}' as segment,
            'behavioural' as segment_family,
            '{{ definition.name }}' as segment_name,
            '{{ definition.rule }}' as segment_rule,
            {{ 100 + loop.index }} as display_order
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

definitions as (
    select * from rfm_segments
    union all
    select * from behavioural_segments
),

sizes as (
    select
        segment,
        count(*) as members
    from membership
    group by segment
),

final as (
    select
        cast(definitions.segment as varchar) as segment,
        cast(definitions.segment_family as varchar) as segment_family,
        cast(definitions.segment_name as varchar) as segment_name,
        cast(definitions.segment_rule as varchar) as segment_rule,
        cast(coalesce(sizes.members, 0) as bigint) as members,
        cast(definitions.display_order as integer) as display_order
    from definitions
    left join sizes
        on definitions.segment = sizes.segment
)

select * from final
