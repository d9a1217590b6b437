{#- Quarantined raw rows per source table x reason x local row date, beside the table's raw
    rows of that date (kept or quarantined) for a rate. A row is dated by the timestamp of
    raw_table_row_timestamps(); its date is null when the table has none (shop_order_items) or
    the value could not be parsed (invalid_timestamp, missing_key on the timestamp). -#}
{%- set base_models = staging_base_models() -%}
{%- set row_timestamps = raw_table_row_timestamps() -%}

with

{% for raw_table, base_model in base_models.items() %}
    {{ raw_table }} as (
        select * from {{ ref(base_model) }}
    ),

{% endfor -%}
dated_rows as (
    {%- for raw_table in base_models %}
        {%- set row_timestamp = row_timestamps[raw_table] %}
        select
            '{{ raw_table }}' as source_table,
            quarantine_reason,
            {%- if row_timestamp %}
                '{{ row_timestamp }}' as row_timestamp_column,
                {{ to_local_date(row_timestamp) }} as row_date
            {%- else %}
                cast(null as {{ dbt.type_string() }}) as row_timestamp_column,
                cast(null as date) as row_date
            {%- endif %}
        from {{ raw_table }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

rows_per_date as (
    select
        source_table,
        row_date,
        count(*) as raw_rows_on_date
    from dated_rows
    group by source_table, row_date
),

quarantined_per_reason as (
    select
        source_table,
        row_timestamp_column,
        quarantine_reason,
        row_date,
        count(*) as quarantined_rows
    from dated_rows
    where quarantine_reason is not null
    group by source_table, row_timestamp_column, quarantine_reason, row_date
),

final as (
    select
        quarantined_per_reason.source_table,
        quarantined_per_reason.quarantine_reason,
        quarantined_per_reason.row_timestamp_column,
        quarantined_per_reason.quarantined_rows,
        rows_per_date.raw_rows_on_date,
        cast(quarantined_per_reason.quarantined_rows as {{ type_double() }})
        / rows_per_date.raw_rows_on_date as quarantined_share_on_date,
        quarantined_per_reason.row_date
    from quarantined_per_reason
    inner join rows_per_date
        on
            quarantined_per_reason.source_table = rows_per_date.source_table
            and quarantined_per_reason.row_date is not distinct from rows_per_date.row_date
)

select * from final
