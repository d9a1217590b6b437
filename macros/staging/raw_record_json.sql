{#- The raw row as JSON text, keys = the raw column names (without any table qualifier: 't.a'
    gives key 'a'), values as exported. -#}
{% macro raw_record_json(columns) -%}
    {{ return(adapter.dispatch('raw_record_json', 'crm_warehouse')(columns)) }}
{%- endmacro %}

{% macro duckdb__raw_record_json(columns) -%}
    cast(json_object(
        {%- for column in columns %}'{{ column.split('.')[-1] }}', {{ column }}{{ ", " if not loop.last }}{% endfor -%}
    ) as varchar)
{%- endmacro %}

{% macro default__raw_record_json(columns) -%}
    cast(json_build_object(
        {%- for column in columns %}'{{ column.split('.')[-1] }}', {{ column }}{{ ", " if not loop.last }}{% endfor -%}
    ) as text)
{%- endmacro %}
