{#- The quarantine rules of a row's timestamp columns, in order: invalid_timestamp (a required
    column null, blank or unparseable; an optional column given but unparseable),
    future_timestamp (later than future_cutoff()), before_shop_opened (before shop_opened_at();
    only for the columns in `opened_checked`, by default all). Every timestamp column of the
    contract is checked: a value that is given must be a trustworthy instant. `required` and
    `optional` map each raw column to its parsed UTC expression (a column of the same CTE).
    Returns a list of rules for quarantine_columns(). -#}
{% macro timestamp_rules(required, optional={}, opened_checked=none) -%}
    {%- set rules = [] -%}
    {%- set all_columns = {} -%}
    {%- do all_columns.update(required) -%}
    {%- do all_columns.update(optional) -%}
    {%- for raw_column, parsed in all_columns.items() -%}
        {%- do rules.append({
            'reason': 'invalid_timestamp',
            'when': (parsed ~ ' is null') if raw_column in required
                    else is_invalid_value(raw_column, parsed),
            'detail': raw_value_detail(raw_column),
        }) -%}
    {%- endfor -%}
    {%- for raw_column, parsed in all_columns.items() -%}
        {%- do rules.append({
            'reason': 'future_timestamp',
            'when': parsed ~ ' > ' ~ future_cutoff(),
            'detail': raw_value_detail(raw_column),
        }) -%}
    {%- endfor -%}
    {%- for raw_column, parsed in all_columns.items()
            if opened_checked is none or raw_column in opened_checked -%}
        {%- do rules.append({
            'reason': 'before_shop_opened',
            'when': parsed ~ ' < ' ~ shop_opened_at(),
            'detail': raw_value_detail(raw_column),
        }) -%}
    {%- endfor -%}
    {{ return(rules) }}
{%- endmacro %}
