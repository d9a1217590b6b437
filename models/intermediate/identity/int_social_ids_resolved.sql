{#- The person behind each social account id: the lookup every model joining social rows to
    people uses. -#}
with

resolved as (
    select * from {{ ref('int_identifiers_resolved') }}
),

final as (
    select
        identifier as social_id,
        person_id
    from resolved
    where identifier_type = 'social_id' and not is_shared
)

select * from final
