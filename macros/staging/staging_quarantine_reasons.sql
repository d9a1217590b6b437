{#- The quarantine reason codes: contract.QUARANTINE_REASONS of src/crm_warehouse/contract.py. -#}
{% macro staging_quarantine_reasons() -%}
    {{ return([
        'before_shop_opened', 'duplicate', 'future_timestamp', 'invalid_quantity',
        'invalid_timestamp', 'missing_key', 'negative_amount', 'orphan_order',
        'superseded_version', 'unknown_enum',
    ]) }}
{%- endmacro %}
