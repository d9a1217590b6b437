{#- The person behind each shop customer id: the lookup every model joining customer rows to
    people uses. -#}
with

resolved as (
    select * from {{ ref('int_identifiers_resolved') }}
),

final as (
    select
        identifier as customer_id,
        person_id
    from resolved
    where identifier_type = 'customer_id' and not is_shared
)

select * from final
