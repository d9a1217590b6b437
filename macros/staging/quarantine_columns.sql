{#- quarantine_reason and quarantine_detail from an ordered list of rules: the first rule whose
    condition holds gives the reason (null = the row is kept). Each rule is a dict with
    `reason` (one of staging_quarantine_reasons()), `when` (a boolean SQL expression) and
    `detail` (a SQL text expression describing the offending value). `prefix` names the
    columns `<prefix>quarantine_reason` / `<prefix>quarantine_detail`. -#}
{% macro quarantine_columns(rules, prefix='') -%}
    {%- set known_reasons = staging_quarantine_reasons() -%}
    {%- for rule in rules if rule.reason not in known_reasons -%}
        {{ exceptions.raise_compiler_error("unknown quarantine reason " ~ rule.reason) }}
    {%- endfor -%}
    case
        {%- for rule in rules %}
        when {{ rule.when }} then '{{ rule.reason }}'
        {%- endfor %}
    end as {{ prefix }}quarantine_reason,
    case
        {%- for rule in rules %}
        when {{ rule.when }} then {{ rule.detail }}
        {%- endfor %}
    end as {{ prefix }}quarantine_detail
{%- endmacro %}
