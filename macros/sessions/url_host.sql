{#- The lower-cased host of an absolute URL ('https://www.Baidu.com/s?wd=x' -> 'www.baidu.com');
    null when the text is not an absolute URL. -#}
{% macro url_host(url) -%}
    {{ return(adapter.dispatch('url_host', 'crm_warehouse')(url)) }}
{%- endmacro %}

{% macro duckdb__url_host(url) -%}
    nullif(regexp_extract(lower({{ url }}), '^[a-z][a-z0-9+.-]*://([^/?#:@]+)', 1), '')
{%- endmacro %}

{% macro spark__url_host(url) -%}
    nullif(regexp_extract(lower({{ url }}), '^[a-z][a-z0-9+.-]*://([^/?#:@]+)', 1), '')
{%- endmacro %}

{#- PostgreSQL: substring(... from pattern) returns the first capture group. -#}
{% macro default__url_host(url) -%}
    nullif(substring(lower({{ url }}) from '^[a-z][a-z0-9+.-]*://([^/?#:@]+)'), '')
{%- endmacro %}
