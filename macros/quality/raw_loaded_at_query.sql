{#- dbt source freshness (a source's loaded_at_query): the latest time in a raw text timestamp
    column, parsed as staging parses it (parse_timestamp: epoch milliseconds, ISO-8601 with an
    offset or Z, naive local time in var('source_timezone')), ignoring times more than a day
    ahead of now, so that one corrupt future value does not make a table look fresh. dbt renders
    it when freshness runs, so it dispatches on the engine like any model. -#}
{% macro raw_loaded_at_query(source_relation, timestamp_column) -%}
    select max(loaded_at)
    from (
        select {{ parse_timestamp(timestamp_column) }} as loaded_at
        from {{ source_relation }}
    ) as parsed
    where loaded_at <= {{ dbt.dateadd('day', 1, current_timestamp_utc()) }}
{%- endmacro %}
