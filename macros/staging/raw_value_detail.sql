{#- Quarantine detail text naming a column and its raw value: 'status=PAID?' (or
    'status=null'). A qualified column ('t.status') is labelled without its qualifier. -#}
{% macro raw_value_detail(column) -%}
    '{{ column.split('.')[-1] }}=' || coalesce(cast({{ column }} as {{ dbt.type_string() }}), 'null')
{%- endmacro %}
