{#- Who each KOL brings: her people by age band, city and RFM segment (customer_360), for two
    audiences: `acquired` (people whose first own action was the KOL's, customer_360's
    acquisition_kol_id) and `reached` (everyone who clicked her link or came through one of her
    campaigns, int_kol_audiences_reached). Each group's share of the KOL's audience and its
    affinity index: the share among the audience with a known value, divided by the group's
    share among all people with a known value (above 1: the KOL attracts the group more than
    the brand does on average). Unknown values (no birth date, never scored) are `unknown` and
    get no index. -#}
{%- set dimensions = ['age_band', 'city', 'rfm_segment'] -%}
with

people as (
    select * from {{ ref('customer_360') }}
),

audiences as (
    select * from {{ ref('int_kol_audiences_reached') }}
),

kol_people as (
    select
        acquisition_kol_id as kol_id,
        person_id,
        'acquired' as audience
    from people
    where acquisition_kol_id is not null
    union all
    select
        kol_id,
        person_id,
        'reached' as audience
    from audiences
),

people_dimensions as (
    {%- for dimension in dimensions %}
        select
            person_id,
            '{{ dimension }}' as dimension,
            coalesce(cast({{ dimension }} as varchar), 'unknown') as dimension_value
        from people
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

kol_groups as (
    select
        kol_people.kol_id,
        kol_people.audience,
        people_dimensions.dimension,
        people_dimensions.dimension_value,
        count(*) as people
    from kol_people
    inner join people_dimensions
        on kol_people.person_id = people_dimensions.person_id
    group by
        kol_people.kol_id,
        kol_people.audience,
        people_dimensions.dimension,
        people_dimensions.dimension_value
),

kol_totals as (
    select
        kol_id,
        audience,
        dimension,
        sum(people) as kol_people,
        sum(case when dimension_value != 'unknown' then people else 0 end) as kol_known_people
    from kol_groups
    group by kol_id, audience, dimension
),

all_groups as (
    select
        dimension,
        dimension_value,
        count(*) as people
    from people_dimensions
    where dimension_value != 'unknown'
    group by dimension, dimension_value
),

all_totals as (
    select
        dimension,
        sum(people) as known_people
    from all_groups
    group by dimension
),

final as (
    select
        kol_groups.kol_id,
        kol_groups.audience,
        kol_groups.dimension,
        kol_groups.dimension_value,
        cast(kol_groups.people as bigint) as people,
        cast(kol_groups.people as {{ type_double() }}) / kol_totals.kol_people
            as share_of_kol_people,
        cast(all_groups.people as {{ type_double() }}) / all_totals.known_people
            as share_of_all_people,
        (cast(kol_groups.people as {{ type_double() }}) / nullif(kol_totals.kol_known_people, 0))
        / (cast(all_groups.people as {{ type_double() }}) / all_totals.known_people)
            as affinity_index
    from kol_groups
    inner join kol_totals
        on
            kol_groups.kol_id = kol_totals.kol_id
            and kol_groups.audience = kol_totals.audience
            and kol_groups.dimension = kol_totals.dimension
    left join all_groups
        on
            kol_groups.dimension = all_groups.dimension
            and kol_groups.dimension_value = all_groups.dimension_value
    left join all_totals
        on kol_groups.dimension = all_totals.dimension
)

select * from final
