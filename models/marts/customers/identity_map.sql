with

resolved as (
    select * from {{ ref('int_identifiers_resolved') }}
),

final as (
    select
        person_id,
        case identifier_type
            when 'phone' then 'phone_hash'
            when 'email' then 'email_hash'
            else identifier_type
        end as identifier_type,
        case
            when identifier_type in ('phone', 'email') then {{ pii_hash('identifier') }}
            else identifier
        end as identifier,
        flag_reason as shared_reason,
        is_shared
    from resolved
)

select * from final
