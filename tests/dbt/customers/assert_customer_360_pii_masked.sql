{#- customer_360 shows phones and emails only masked: every masked value has the mask's shape
    (no run of more than four digits, a hidden local part), and a mask exists exactly where the
    hash does, so no person's contact goes unmasked or missing. -#}
with

people as (
    select * from {{ ref('customer_360') }}
)

select
    person_id,
    phone_masked,
    email_masked
from people
where
    (phone_hash is null) != (phone_masked is null)
    or (email_hash is null) != (email_masked is null)
    or not (
        phone_masked like '___****____'
        or phone_masked like '__****__'
        or phone_masked = '****'
    )
    or email_masked not like '_***@%'
    or email_masked like '%@%@%'
