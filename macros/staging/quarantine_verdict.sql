{#- The final quarantine_reason and quarantine_detail of a base model's row: a row-level rule
    first, then `duplicate` for copies after the first (column copy_rank, see rank_copies),
    then, for re-exported tables, `superseded_version` for versions older than the latest
    valid one (columns parsed_updated_at and latest_updated_at). -#}
{% macro quarantine_verdict(version_key=none) -%}
    case
        when row_quarantine_reason is not null then row_quarantine_reason
        when copy_rank > 1 then 'duplicate'
        {%- if version_key %}
        when parsed_updated_at < latest_updated_at then 'superseded_version'
        {%- endif %}
    end as quarantine_reason,
    case
        when row_quarantine_reason is not null then row_quarantine_detail
        when copy_rank > 1
            then 'copy ' || cast(copy_rank as {{ dbt.type_string() }}) || ' of ' || row_key
        {%- if version_key %}
        when parsed_updated_at < latest_updated_at
            then '{{ version_key }}=' || {{ version_key }} || ' updated_at=' || updated_at
                || ' superseded by the version of '
                || cast(latest_updated_at as {{ dbt.type_string() }}) || ' utc'
        {%- endif %}
    end as quarantine_detail
{%- endmacro %}
