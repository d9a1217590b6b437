{#- How each person can be reached, for activation: one row per person with at least one
    contact identifier, ids only as the warehouse exposes them (phones and emails as salted
    hashes), and the channels the data shows they have agreed to. The raw contract has no
    consent table, so consent is derived (see the audience_contacts docs): an identifier the
    person gave the brand (a phone or email on a shop account, a WeChat account that opened
    the brand's pages) and did not take back (unfollowing the brand's official account). -#}
with

identifiers as (
    select * from {{ ref('int_identifiers_resolved') }}
),

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

accounts as (
    select * from {{ ref('stg_social__accounts') }}
),

interactions as (
    select * from {{ ref('stg_social__interactions') }}
),

people_identifiers as (
    select
        person_id,
        identifier_type,
        identifier
    from identifiers
    where not is_shared and person_id is not null
),

customer_people as (
    select * from {{ ref('int_customer_ids_resolved') }}
),

-- the phone and email of the person's most recently updated shop account come first
account_contacts as (
    select
        customer_people.person_id,
        customers.phone_e164,
        customers.email,
        row_number() over (
            partition by customer_people.person_id
            order by customers.updated_at desc, customers.customer_id asc
        ) as account_rank
    from customers
    inner join customer_people
        on customers.customer_id = customer_people.customer_id
),

phones as (
    select
        people_identifiers.person_id,
        min(people_identifiers.identifier) as any_phone,
        max(case
            when people_identifiers.identifier = account_contacts.phone_e164
                then people_identifiers.identifier
        end) as account_phone
    from people_identifiers
    left join account_contacts
        on
            people_identifiers.person_id = account_contacts.person_id
            and account_contacts.account_rank = 1
    where people_identifiers.identifier_type = 'phone'
    group by people_identifiers.person_id
),

emails as (
    select
        people_identifiers.person_id,
        min(people_identifiers.identifier) as any_email,
        max(case
            when people_identifiers.identifier = account_contacts.email
                then people_identifiers.identifier
        end) as account_email
    from people_identifiers
    left join account_contacts
        on
            people_identifiers.person_id = account_contacts.person_id
            and account_contacts.account_rank = 1
    where people_identifiers.identifier_type = 'email'
    group by people_identifiers.person_id
),

social_ids as (
    select
        people_identifiers.person_id,
        min(case when accounts.platform = 'wechat' then accounts.union_id end) as wechat_union_id,
        min(case when accounts.platform = 'wechat' then accounts.social_id end)
            as wechat_openid,
        min(case when accounts.platform = 'weibo' then accounts.social_id end) as weibo_id,
        min(case when accounts.platform = 'douyin' then accounts.social_id end) as douyin_id,
        min(case when accounts.platform = 'xiaohongshu' then accounts.social_id end)
            as xiaohongshu_id
    from people_identifiers
    inner join accounts
        on people_identifiers.identifier = accounts.social_id
    where
        people_identifiers.identifier_type = 'social_id'
        and not coalesce(accounts.is_kol, false)
    group by people_identifiers.person_id
),

members as (
    select
        person_id,
        min(identifier) as member_id
    from people_identifiers
    where identifier_type = 'member_id'
    group by person_id
),

-- the latest follow or unfollow of the brand's account, and guide friendships, per person
follow_events as (
    select
        people_identifiers.person_id,
        interactions.interaction_type,
        row_number() over (
            partition by people_identifiers.person_id
            order by interactions.occurred_at desc, interactions.interaction_id asc
        ) as event_rank
    from interactions
    inner join people_identifiers
        on
            people_identifiers.identifier_type = 'social_id'
            and interactions.social_id = people_identifiers.identifier
    where interactions.interaction_type in ('follow', 'unfollow')
),

guide_friends as (
    select distinct people_identifiers.person_id
    from interactions
    inner join people_identifiers
        on
            people_identifiers.identifier_type = 'social_id'
            and interactions.social_id = people_identifiers.identifier
    where interactions.interaction_type = 'add_friend'
),

people as (
    select person_id from phones
    union
    select person_id from emails
    union
    select person_id from social_ids
    union
    select person_id from members
),

joined as (
    select
        people.person_id,
        coalesce(phones.account_phone, phones.any_phone) as phone_e164,
        coalesce(emails.account_email, emails.any_email) as email,
        members.member_id,
        social_ids.wechat_union_id,
        social_ids.wechat_openid,
        social_ids.weibo_id,
        social_ids.douyin_id,
        social_ids.xiaohongshu_id,
        follow_events.interaction_type = 'follow' as is_brand_follower,
        coalesce(follow_events.interaction_type = 'unfollow', false) as has_unfollowed_brand,
        guide_friends.person_id is not null as is_guide_friend
    from people
    left join phones
        on people.person_id = phones.person_id
    left join emails
        on people.person_id = emails.person_id
    left join members
        on people.person_id = members.person_id
    left join social_ids
        on people.person_id = social_ids.person_id
    left join follow_events
        on
            people.person_id = follow_events.person_id
            and follow_events.event_rank = 1
    left join guide_friends
        on people.person_id = guide_friends.person_id
),

channels as (
    select
        *,
        email is not null as has_email_consent,
        phone_e164 is not null as has_sms_consent,
        wechat_openid is not null and not has_unfollowed_brand as has_wechat_consent,
        is_guide_friend as has_guide_consent
    from joined
),

channel_lists as (
    select
        *,
        {{ dbt.concat([
            "case when has_email_consent then 'email,' else '' end",
            "case when has_sms_consent then 'sms,' else '' end",
            "case when has_wechat_consent then 'wechat,' else '' end",
            "case when has_guide_consent then 'guide,' else '' end",
        ]) }} as channel_list
    from channels
),

final as (
    select
        cast(person_id as varchar) as person_id,
        cast(case when phone_e164 is not null then {{ pii_hash('phone_e164') }} end as varchar)
            as phone_hash,
        cast(case when email is not null then {{ pii_hash('email') }} end as varchar)
            as email_hash,
        cast(member_id as varchar) as member_id,
        cast(wechat_union_id as varchar) as wechat_union_id,
        cast(wechat_openid as varchar) as wechat_openid,
        cast(weibo_id as varchar) as weibo_id,
        cast(douyin_id as varchar) as douyin_id,
        cast(xiaohongshu_id as varchar) as xiaohongshu_id,
        cast(
            case
                when channel_list != ''
                    then substring(channel_list, 1, {{ dbt.length('channel_list') }} - 1)
            end as varchar
        ) as consented_channels,
        cast(has_email_consent as boolean) as has_email_consent,
        cast(has_sms_consent as boolean) as has_sms_consent,
        cast(has_wechat_consent as boolean) as has_wechat_consent,
        cast(has_guide_consent as boolean) as has_guide_consent,
        cast(coalesce(is_brand_follower, false) as boolean) as is_brand_follower
    from channel_lists
)

select * from final
