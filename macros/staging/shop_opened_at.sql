{#- The UTC instant the shop opened: midnight of var('shop_opened_date') in
    var('reporting_timezone'). A row whose time is earlier (its local date is before the opening
    date) is quarantined as before_shop_opened. -#}
{% macro shop_opened_at() -%}
    {{ local_to_utc(
        "cast('" ~ var('shop_opened_date') ~ "' as timestamp)", var('reporting_timezone')) }}
{%- endmacro %}
