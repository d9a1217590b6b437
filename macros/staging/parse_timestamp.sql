{#- Parse a raw timestamp text to a UTC timestamp without time zone. Accepted formats:
    ISO-8601 with an offset ('2024-03-01T10:00:00+08:00'), UTC 'Z' ('2024-03-01T02:00:00Z'),
    naive local time in var('source_timezone') ('2024-03-01 10:00:00', '2024-03-01'), and epoch
    milliseconds as digits ('1709258400000', negative before 1970). Anything else (and null or
    blank) gives null. -#}
{% macro parse_timestamp(column) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'crm_warehouse')(column)) }}
{%- endmacro %}

{#- DuckDB: epoch milliseconds are recognised by a bigint cast that reads back as the same text
    (cheaper than a regular expression on 100M+ clickstream rows; rejects '1e3', '12.0', '0x1F'
    and leading zeros), at most 15 digits so that the microseconds fit a bigint. -#}
{% macro duckdb__parse_timestamp(column) -%}
    case
        when
            length(trim({{ column }})) <= 16
            and cast(try_cast(trim({{ column }}) as bigint) as varchar) = trim({{ column }})
            then make_timestamp(try_cast(trim({{ column }}) as bigint) * 1000)
        when {{ regexp_full_match(
                'trim(' ~ column ~ ')', timestamp_with_offset_pattern()) }}
            then timezone('UTC', try_cast(trim({{ column }}) as timestamptz))
        else {{ local_to_utc('try_cast(trim(' ~ column ~ ') as timestamp)') }}
    end
{%- endmacro %}

{#- Elsewhere the regular expressions guard every cast, so text in no known format gives null
    instead of an error (no try_cast); a value of a known format that is still impossible
    ('2024-13-45 99:00') errors. -#}
{% macro default__parse_timestamp(column) -%}
    {{ crm_warehouse.pattern_guarded_timestamp(
        column, 'cast({} as timestamp with time zone)', 'cast({} as timestamp)') }}
{%- endmacro %}

{#- PostgreSQL: crm_util's try_cast functions (created by the on-run-start hook,
    postgres__register_raw_sources) turn an impossible value of a known format into null. -#}
{% macro postgres__parse_timestamp(column) -%}
    {{ crm_warehouse.pattern_guarded_timestamp(
        column, 'crm_util.try_cast_timestamptz({})', 'crm_util.try_cast_timestamp({})') }}
{%- endmacro %}

{#- The format picked by pattern: epoch milliseconds, ISO-8601 with an offset (read by
    to_timestamptz, a format string around {}), naive local time (to_timestamp). -#}
{% macro pattern_guarded_timestamp(column, to_timestamptz, to_timestamp) -%}
    {%- set trimmed = 'trim(' ~ column ~ ')' -%}
    case
        when {{ regexp_full_match(trimmed, '-?[0-9]{1,15}') }}
            then {{ dbt.dateadd('millisecond', 'cast(' ~ trimmed ~ ' as bigint)',
                                "cast('1970-01-01 00:00:00' as timestamp)") }}
        when {{ regexp_full_match(trimmed, timestamp_with_offset_pattern()) }}
            then {{ to_timestamptz.format(trimmed) }} at time zone 'UTC'
        when {{ regexp_full_match(trimmed, naive_timestamp_pattern()) }}
            then {{ local_to_utc(to_timestamp.format(trimmed)) }}
    end
{%- endmacro %}
