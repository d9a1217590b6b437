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

{#- PostgreSQL form: the regular expressions guard every cast, so garbage gives null instead of
    an error (PostgreSQL has no try_cast). -#}
{% macro default__parse_timestamp(column) -%}
    case
        when {{ regexp_full_match('trim(' ~ column ~ ')', '-?[0-9]{1,15}') }}
            then {{ dbt.dateadd('millisecond', 'cast(trim(' ~ column ~ ') as bigint)',
                                "cast('1970-01-01 00:00:00' as timestamp)") }}
        when {{ regexp_full_match(
                'trim(' ~ column ~ ')', timestamp_with_offset_pattern()) }}
            then cast(trim({{ column }}) as timestamp with time zone) at time zone 'UTC'
        when {{ regexp_full_match(
                'trim(' ~ column ~ ')', naive_timestamp_pattern()) }}
            then {{ local_to_utc('cast(trim(' ~ column ~ ') as timestamp)') }}
    end
{%- endmacro %}

{#- PostgreSQL: the patterns pick the format, and crm_util's try_cast functions (created by the
    on-run-start hook, postgres__register_raw_sources) turn an impossible value that matches a
    pattern ('2024-13-45 99:00') into null instead of an error. -#}
{% macro postgres__parse_timestamp(column) -%}
    case
        when {{ regexp_full_match('trim(' ~ column ~ ')', '-?[0-9]{1,15}') }}
            then {{ dbt.dateadd('millisecond', 'cast(trim(' ~ column ~ ') as bigint)',
                                "cast('1970-01-01 00:00:00' as timestamp)") }}
        when {{ regexp_full_match(
                'trim(' ~ column ~ ')', timestamp_with_offset_pattern()) }}
            then crm_util.try_cast_timestamptz(trim({{ column }})) at time zone 'UTC'
        when {{ regexp_full_match(
                'trim(' ~ column ~ ')', naive_timestamp_pattern()) }}
            then {{ local_to_utc('crm_util.try_cast_timestamp(trim(' ~ column ~ '))') }}
    end
{%- endmacro %}
