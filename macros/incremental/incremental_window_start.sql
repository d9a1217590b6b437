{#- The first instant an incremental run reads again: the latest `timestamp_column` already in
    `relation` (its rows matching `where`) minus var('web_incremental_lookback_days') days, as a
    scalar subquery. An empty relation gives 1900-01-01, so the run reads everything. -#}
{% macro incremental_window_start(relation, timestamp_column, where='1 = 1') -%}
    (
        select
            coalesce(
                {{ dbt.dateadd(
                    'day',
                    -1 * (var('web_incremental_lookback_days') | int),
                    'max(' ~ timestamp_column ~ ')') }},
                cast('1900-01-01 00:00:00' as {{ dbt.type_timestamp() }})
            )
        from {{ relation }}
        where {{ where }}
    )
{%- endmacro %}
