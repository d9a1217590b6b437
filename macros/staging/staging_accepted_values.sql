{#- The accepted values of the enumerated raw columns: contract.ENUMS of
    src/crm_warehouse/contract.py, repeated here for the SQL (tests/dbt/assert_* and the
    accepted_values tests of the staging YAML use the same lists). -#}
{% macro staging_accepted_values(table_name, column_name) -%}
    {%- set channels = ['web', 'app', 'mini_program', 'marketplace', 'store'] -%}
    {%- set platforms = ['wechat', 'weibo', 'douyin', 'xiaohongshu'] -%}
    {%- set marketing_channels = ['email', 'sms', 'wechat', 'weibo', 'douyin', 'display', 'sem',
                                  'kol', 'red_packet'] -%}
    {%- set enums = {
        'shop_customers.gender': ['female', 'male', 'unknown'],
        'shop_customers.register_channel': channels,
        'shop_orders.status': ['pending', 'paid', 'shipped', 'completed', 'cancelled',
                               'refunded'],
        'shop_orders.channel': channels,
        'shop_orders.currency': ['CNY', 'HKD'],
        'shop_refunds.reason': ['damaged', 'wrong_item', 'not_as_described', 'late_delivery',
                                'changed_mind', 'other'],
        'web_events.event_name': ['page_view', 'search', 'product_view', 'add_to_cart',
                                  'remove_from_cart', 'add_to_wishlist', 'begin_checkout',
                                  'purchase', 'subscribe'],
        'web_events.page_type': ['home', 'category', 'product', 'search', 'cart', 'checkout',
                                 'order_confirmation', 'account', 'content', 'campaign_landing'],
        'web_events.device_type': ['desktop', 'mobile', 'tablet'],
        'web_events.platform': ['web', 'app', 'mini_program'],
        'social_accounts.platform': platforms,
        'social_interactions.platform': platforms,
        'social_interactions.interaction_type': ['follow', 'unfollow', 'like', 'comment', 'share',
                                                 'message', 'scan_qr', 'click_link',
                                                 'add_friend'],
        'social_interactions.target_type': ['account', 'post', 'product', 'campaign',
                                            'live_stream', 'link', 'qr_code', 'guide'],
        'marketing_campaigns.channel': marketing_channels,
        'marketing_messages.channel': marketing_channels,
        'loyalty_members.join_source': ['guide_qr', 'web', 'app', 'store', 'mini_program'],
        'loyalty_members.tier': ['bronze', 'silver', 'gold', 'platinum'],
        'loyalty_points.reason': ['purchase', 'refund', 'redemption', 'signup', 'birthday',
                                  'event', 'adjustment', 'expiry'],
        'service_tickets.channel': ['phone', 'email', 'wechat', 'web_chat', 'store'],
        'service_tickets.ticket_type': ['pre_sale', 'after_sale', 'complaint', 'return_request',
                                        'bad_review'],
    } -%}
    {%- set key = table_name ~ '.' ~ column_name -%}
    {%- if key not in enums -%}
        {{ exceptions.raise_compiler_error("no accepted values for " ~ key) }}
    {%- endif -%}
    {{ return(enums[key]) }}
{%- endmacro %}
