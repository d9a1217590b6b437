{#- Identifiers given in a raw row that failed normalisation (a phone that is no CN or HK
    number, an email without a valid form): kept out of the graph, never guessed, and counted
    here per raw table and identifier type. -#}
with

customers as (
    select * from {{ ref('base_shop__customers') }}
),

social_accounts as (
    select * from {{ ref('base_social__accounts') }}
),

failures as (
    select
        'shop_customers' as source_table,
        'phone' as identifier_type,
        count(case when is_phone_invalid then 1 end) as failed_rows,
        count(*) as raw_rows
    from customers
    union all
    select
        'shop_customers' as source_table,
        'email' as identifier_type,
        count(case when is_email_invalid then 1 end) as failed_rows,
        count(*) as raw_rows
    from customers
    union all
    select
        'social_accounts' as source_table,
        'phone' as identifier_type,
        count(case when is_phone_invalid then 1 end) as failed_rows,
        count(*) as raw_rows
    from social_accounts
),

final as (
    select
        source_table,
        identifier_type,
        failed_rows,
        raw_rows
    from failures
)

select * from final
