{#- The channel group of every traffic source seen on a session's landing event, from the
    channel_map seed: a rule matches when each of its non-empty fields (utm_source, utm_medium,
    referrer_domain) equals the session's (case-insensitive); the lowest rule_priority among the
    matching rules wins. The map ends with a catch-all rule (direct). Applied to the distinct
    sources (a few hundred), not to every session. -#}

with

sessions as (
    select * from {{ ref('int_sessions_aggregated') }}
),

channel_map as (
    select * from {{ ref('channel_map') }}
),

traffic_sources as (
    select distinct
        traffic_source_key,
        lower(utm_source) as utm_source,
        lower(utm_medium) as utm_medium,
        referrer_domain
    from sessions
),

matching_rules as (
    select
        traffic_sources.traffic_source_key,
        traffic_sources.utm_source,
        traffic_sources.utm_medium,
        traffic_sources.referrer_domain,
        channel_map.rule_priority,
        channel_map.channel_group,
        row_number() over (
            partition by traffic_sources.traffic_source_key
            order by channel_map.rule_priority
        ) as rule_rank
    from traffic_sources
    inner join channel_map
        on (
            channel_map.utm_source is null
            or lower(channel_map.utm_source) = traffic_sources.utm_source
        )
        and (
            channel_map.utm_medium is null
            or lower(channel_map.utm_medium) = traffic_sources.utm_medium
        )
        and (
            channel_map.referrer_domain is null
            or lower(channel_map.referrer_domain) = traffic_sources.referrer_domain
        )
),

final as (
    select
        traffic_source_key,
        utm_source,
        utm_medium,
        referrer_domain,
        channel_group,
        rule_priority
    from matching_rules
    where rule_rank = 1
)

select * from final
