-- The staging parsing macros against hand-written fixtures: every raw timestamp format, phone
-- format and e-mail form of shared/RAW_DATA.md. Fails with each fixture whose result differs.
-- Naive local times are checked only for the default source time zone (Asia/Shanghai).

with

timestamp_fixtures as (
    select
        fixtures.raw_value,
        fixtures.expected
    from (
        values
        ('2024-03-01T10:00:00+08:00', cast('2024-03-01 02:00:00' as timestamp)),
        ('2024-03-01 10:00:00+0800', cast('2024-03-01 02:00:00' as timestamp)),
        ('2024-03-01T02:00:00Z', cast('2024-03-01 02:00:00' as timestamp)),
        ('2024-03-01T02:00:00.250Z', cast('2024-03-01 02:00:00.25' as timestamp)),
        ('1709258400000', cast('2024-03-01 02:00:00' as timestamp)),
        {%- if var('source_timezone') == 'Asia/Shanghai' %}
            ('2024-03-01 10:00:00', cast('2024-03-01 02:00:00' as timestamp)),
            ('2024-03-01T10:00:00', cast('2024-03-01 02:00:00' as timestamp)),
            ('2024-03-01', cast('2024-02-29 16:00:00' as timestamp)),
        {%- endif %}
        ('not a date', cast(null as timestamp)),
        ('2024-02-30 10:00:00', cast(null as timestamp)),
        ('', cast(null as timestamp)),
        (null, cast(null as timestamp))
    ) as fixtures (raw_value, expected)
),

phone_fixtures as (
    select
        fixtures.raw_value,
        fixtures.expected
    from (
        values
        ('+86 138-0013-8000', '+8613800138000'),
        ('13800138000', '+8613800138000'),
        ('86-13800138000', '+8613800138000'),
        ('008613800138000', '+8613800138000'),
        ('(852) 9123 4567', '+85291234567'),
        ('+852 9123-4567', '+85291234567'),
        ('91234567', '+85291234567'),
        ('12345', null),
        ('1380013800a', null),
        ('23800138000', null),
        ('', null)
    ) as fixtures (raw_value, expected)
),

email_fixtures as (
    select
        fixtures.raw_value,
        fixtures.expected
    from (
        values
        (' Alice@Example.COM ', 'alice@example.com'),
        ('bob.lee+crm@mail.example.cn', 'bob.lee+crm@mail.example.cn'),
        ('bob@@x', null),
        ('no-at-sign.com', null),
        ('a b@x.com', null)
    ) as fixtures (raw_value, expected)
),

timestamp_failures as (
    select
        'parse_timestamp' as macro_name,
        coalesce(raw_value, 'null') as raw_value,
        coalesce(cast(parsed as varchar), 'null') as result
    from (
        select
            raw_value,
            expected,
            {{ parse_timestamp('raw_value') }} as parsed
        from timestamp_fixtures
    ) as parsed_fixtures
    where parsed is distinct from expected
),

phone_failures as (
    select
        'normalize_phone' as macro_name,
        raw_value,
        coalesce(normalised, 'null') as result
    from (
        select
            raw_value,
            expected,
            {{ normalize_phone('raw_value') }} as normalised
        from phone_fixtures
    ) as normalised_fixtures
    where normalised is distinct from expected
),

email_failures as (
    select
        'normalize_email' as macro_name,
        raw_value,
        coalesce(normalised, 'null') as result
    from (
        select
            raw_value,
            expected,
            {{ normalize_email('raw_value') }} as normalised
        from email_fixtures
    ) as normalised_fixtures
    where normalised is distinct from expected
),

local_date_failures as (
    select
        'to_local_date' as macro_name,
        '2024-03-01 17:00:00 utc' as raw_value,
        cast(local_date as varchar) as result
    from (
        select
            {{ to_local_date("cast('2024-03-01 17:00:00' as timestamp)") }} as local_date
    ) as converted
    where
        '{{ var("reporting_timezone") }}' = 'Asia/Shanghai'
        and local_date <> cast('2024-03-02' as date)
)

select * from timestamp_failures
union all
select * from phone_failures
union all
select * from email_failures
union all
select * from local_date_failures
