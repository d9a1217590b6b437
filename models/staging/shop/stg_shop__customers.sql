with

customers as (
    select * from {{ ref('base_shop__customers') }}
),

final as (
    select
        customer_id,
        full_name,
        gender,
        city,
        register_channel,
        phone_e164,
        email,
        is_phone_invalid,
        is_email_invalid,
        is_birth_date_invalid,
        birth_date,
        registered_date,
        registered_at,
        updated_at
    from customers
    where quarantine_reason is null
)

select * from final
