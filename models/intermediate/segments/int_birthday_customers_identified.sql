{#- Customers whose birthday falls in the month of as_of_date ("this month"), from the birth
    date of their shop account (the most recently updated one when a person has several). -#}
with

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

customer_people as (
    select * from {{ ref('int_customer_ids_resolved') }}
),

birth_dates as (
    select
        customer_people.person_id,
        customers.birth_date,
        row_number() over (
            partition by customer_people.person_id
            order by customers.updated_at desc, customers.customer_id asc
        ) as account_rank
    from customers
    inner join customer_people
        on customers.customer_id = customer_people.customer_id
    where customers.birth_date is not null
),

final as (
    select
        birth_dates.person_id,
        'birthday_this_month' as segment,
        {{ dbt.concat([
            "lpad(cast(extract(month from birth_dates.birth_date) as varchar), 2, '0')",
            "'-'",
            "lpad(cast(extract(day from birth_dates.birth_date) as varchar), 2, '0')",
        ]) }} as detail,
        cast(extract(day from birth_dates.birth_date) as {{ type_double() }}) as score,
        birth_dates.birth_date,
        as_of.as_of_date,
        cast({{ dbt.date_trunc('month', 'as_of.as_of_date') }} as date) as since_date
    from birth_dates
    cross join as_of
    where
        birth_dates.account_rank = 1
        and extract(month from birth_dates.birth_date) = extract(month from as_of.as_of_date)
)

select * from final
