{#- The session funnel per local day x campaign (utm_campaign, with the campaign's name and
    channel from marketing) x traffic source, bots excluded; steps in order as in
    funnel_daily. Sessions without a campaign tag are '(none)'. -#}

with

sessions as (
    select * from {{ ref('fct_sessions') }}
),

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

human_sessions as (
    select
        session_date,
        channel_group,
        coalesce(utm_campaign, '(none)') as campaign_id,
        coalesce(utm_source, '(none)') as utm_source,
        coalesce(utm_medium, '(none)') as utm_medium,
        funnel_depth,
        converted
    from sessions
    where not is_bot
),

funnel as (
    select
        session_date,
        campaign_id,
        channel_group,
        utm_source,
        utm_medium,
        count(*) as sessions,
        count(case when funnel_depth >= 1 then 1 end) as product_view_sessions,
        count(case when funnel_depth >= 2 then 1 end) as add_to_cart_sessions,
        count(case when funnel_depth >= 3 then 1 end) as checkout_sessions,
        count(case when funnel_depth >= 4 then 1 end) as purchase_sessions,
        count(case when converted then 1 end) as converted_sessions
    from human_sessions
    group by session_date, campaign_id, channel_group, utm_source, utm_medium
),

final as (
    select
        funnel.session_date,
        funnel.campaign_id,
        campaigns.campaign_name,
        campaigns.channel as campaign_channel,
        funnel.channel_group,
        funnel.utm_source,
        funnel.utm_medium,
        funnel.sessions,
        funnel.product_view_sessions,
        funnel.add_to_cart_sessions,
        funnel.checkout_sessions,
        funnel.purchase_sessions,
        funnel.converted_sessions
    from funnel
    left join campaigns
        on funnel.campaign_id = campaigns.campaign_id
)

select * from final
