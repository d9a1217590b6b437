{#- Whether a raw value is missing: null, or text that is empty once trimmed. -#}
{% macro is_blank(column) -%}
    ({{ column }} is null or trim(cast({{ column }} as {{ dbt.type_string() }})) = '')
{%- endmacro %}
