{#- Salted SHA-256 of a PII value (hex): the only form in which phones and emails leave the
    intermediate layer. The salt is the `pii_salt` var (env CRM_PII_SALT), so the hashes of one
    deployment cannot be joined to another's or reversed with a table of phone numbers. -#}
{% macro pii_hash(column) -%}
    {{ return(adapter.dispatch('pii_hash', 'crm_warehouse')(column)) }}
{%- endmacro %}

{% macro default__pii_hash(column) -%}
    encode(sha256(convert_to('{{ var("pii_salt") }}' || ':' || {{ column }}, 'UTF8')), 'hex')
{%- endmacro %}

{% macro duckdb__pii_hash(column) -%}
    sha256('{{ var("pii_salt") }}' || ':' || {{ column }})
{%- endmacro %}
