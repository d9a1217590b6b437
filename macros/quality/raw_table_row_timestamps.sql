{#- The timestamp that dates a row of each raw table, as named in its staging base model (UTC),
    or none when the table has no timestamp of its own. The same column is the table's
    loaded_at_field for `dbt source freshness`: the export time of a versioned row
    (updated_at), else the time of the event the row records. -#}
{% macro raw_table_row_timestamps() -%}
    {{ return({
        'shop_customers': 'updated_at',
        'shop_products': 'launched_at',
        'shop_orders': 'updated_at',
        'shop_order_items': none,
        'shop_refunds': 'refunded_at',
        'web_events': 'event_at',
        'social_accounts': 'first_seen_at',
        'social_interactions': 'occurred_at',
        'marketing_campaigns': 'started_at',
        'marketing_messages': 'sent_at',
        'marketing_coupons': 'issued_at',
        'loyalty_members': 'updated_at',
        'loyalty_points': 'occurred_at',
        'service_tickets': 'opened_at',
        'community_events': 'starts_at',
        'event_registrations': 'registered_at',
    }) }}
{%- endmacro %}
