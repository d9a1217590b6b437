{#- One row per quarantined raw row, from every staging base model: the source table, the
    contract key as raw text (row_key: key columns joined with '|', as in the generator's
    truth/defects.parquet), the reason and detail, and the raw row as JSON text. -#}
{%- set base_models = staging_base_models() -%}

with

{% for raw_table, base_model in base_models.items() %}
    {{ raw_table }} as (
        select * from {{ ref(base_model) }}
    ),

{% endfor -%}
unioned as (
    {%- for raw_table in base_models %}
        select
            '{{ raw_table }}' as source_table,
            row_key,
            raw_row_hash,
            quarantine_reason,
            quarantine_detail,
            raw_record
        from {{ raw_table }}
        where quarantine_reason is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        source_table || ':' || row_key || ':' || raw_row_hash as quarantined_row_id,
        source_table,
        row_key,
        raw_row_hash,
        quarantine_reason,
        quarantine_detail,
        raw_record
    from unioned
)

select * from final
