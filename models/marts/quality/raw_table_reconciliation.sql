{#- One row per raw source table: raw rows = kept rows + quarantined rows, the quarantined
    share, whether the table is empty (absent tables build empty) and its newest kept row's
    timestamp (raw_table_row_timestamps()), for the data-quality report's warnings. -#}
{%- set base_models = staging_base_models() -%}
{%- set row_timestamps = raw_table_row_timestamps() -%}

with

reconciled as (
    select * from {{ ref('int_raw_rows_reconciled') }}
),

{% for raw_table, base_model in base_models.items() if row_timestamps[raw_table] %}
    {{ raw_table }} as (
        select * from {{ ref(base_model) }}
    ),

{% endfor -%}
newest_kept_rows as (
    {%- for raw_table in base_models %}
        {%- set row_timestamp = row_timestamps[raw_table] %}
        {%- if row_timestamp %}
            select
                '{{ raw_table }}' as source_table,
                '{{ row_timestamp }}' as row_timestamp_column,
                max({{ row_timestamp }}) as newest_kept_row_at
            from {{ raw_table }}
            where quarantine_reason is null
        {%- else %}
            -- a table without a timestamp of its own
            select
                '{{ raw_table }}' as source_table,
                cast(null as {{ dbt.type_string() }}) as row_timestamp_column,
                cast(null as {{ dbt.type_timestamp() }}) as newest_kept_row_at
        {%- endif %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        reconciled.source_table,
        newest_kept_rows.row_timestamp_column,
        reconciled.raw_rows,
        reconciled.kept_rows,
        reconciled.quarantined_rows,
        case
            when reconciled.raw_rows > 0
                then cast(reconciled.quarantined_rows as {{ type_double() }}) / reconciled.raw_rows
        end as quarantined_share,
        reconciled.is_reconciled,
        reconciled.raw_rows = 0 as is_empty,
        newest_kept_rows.newest_kept_row_at
    from reconciled
    inner join newest_kept_rows
        on reconciled.source_table = newest_kept_rows.source_table
)

select * from final
