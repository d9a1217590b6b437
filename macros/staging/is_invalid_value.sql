{#- Whether a raw value was given (not blank) but its normalised form is null: the flag behind
    is_phone_invalid, is_email_invalid, is_birth_date_invalid, and the invalid_timestamp rule of
    optional timestamp columns. -#}
{% macro is_invalid_value(raw_column, normalised_expression) -%}
    (not {{ is_blank(raw_column) }} and ({{ normalised_expression }}) is null)
{%- endmacro %}
