{#- The reach measures of a group of int_messages_converted rows, as the select list of an
    aggregate query, cast to the marts' contract types: counts, converted revenue and the rates
    of doc social_message_rates. The one definition message_channel_reach and
    message_campaign_reach share. -#}
{% macro message_reach_measures() -%}
    {%- set sent = 'count(*)' -%}
    {%- set delivered = 'sum(case when is_delivered then 1 else 0 end)' -%}
    {%- set opened = 'sum(case when is_opened then 1 else 0 end)' -%}
    {%- set clicked = 'sum(case when is_clicked then 1 else 0 end)' -%}
    {%- set converted = 'sum(case when is_converted then 1 else 0 end)' -%}
    cast({{ sent }} as bigint) as sent,
    cast({{ delivered }} as bigint) as delivered,
    cast({{ opened }} as bigint) as opened,
    cast({{ clicked }} as bigint) as clicked,
    cast({{ converted }} as bigint) as converted,
    cast(sum(converted_revenue) as decimal(18, 2)) as converted_revenue,
    cast({{ delivered }} as {{ type_double() }}) / nullif({{ sent }}, 0) as delivery_rate,
    cast({{ opened }} as {{ type_double() }}) / nullif({{ delivered }}, 0) as open_rate,
    cast({{ clicked }} as {{ type_double() }}) / nullif({{ opened }}, 0) as click_rate,
    cast({{ clicked }} as {{ type_double() }}) / nullif({{ delivered }}, 0) as click_through_rate,
    cast({{ converted }} as {{ type_double() }}) / nullif({{ delivered }}, 0) as conversion_rate
{%- endmacro %}
