{#- Every raw source table and the staging base model that types and judges it, in
    RAW_DATA.md order. The quality models (quarantine union, reconciliation) loop over this. -#}
{% macro staging_base_models() -%}
    {{ return({
        'shop_customers': 'base_shop__customers',
        'shop_products': 'base_shop__products',
        'shop_orders': 'base_shop__orders',
        'shop_order_items': 'base_shop__order_items',
        'shop_refunds': 'base_shop__refunds',
        'web_events': 'base_web__events',
        'social_accounts': 'base_social__accounts',
        'social_interactions': 'base_social__interactions',
        'marketing_campaigns': 'base_marketing__campaigns',
        'marketing_messages': 'base_marketing__messages',
        'marketing_coupons': 'base_marketing__coupons',
        'loyalty_members': 'base_loyalty__members',
        'loyalty_points': 'base_loyalty__points',
        'service_tickets': 'base_service__tickets',
        'community_events': 'base_service__community_events',
        'event_registrations': 'base_service__event_registrations',
    }) }}
{%- endmacro %}
