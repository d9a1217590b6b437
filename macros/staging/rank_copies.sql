{#- Rank of a row among the copies of one key: valid rows first, then a stable order, so the
    kept copy is never a corrupt one and the choice is the same on every run. -#}
{% macro rank_copies(partition_columns) -%}
    row_number() over (
        partition by {{ partition_columns | join(', ') }}
        order by case when row_quarantine_reason is null then 0 else 1 end, raw_row_hash
    )
{%- endmacro %}
