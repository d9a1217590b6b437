{#- One row per KOL and person the KOL reached, with when first: a touchpoint of the person
    that carries the KOL (fct_touchpoints.kol_id) and is the person's own doing: a social
    interaction with the KOL's post or link, or a web session opened from the KOL's link (its
    utm_content or its KOL campaign; crawler sessions are not touchpoints). -#}
with

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

final as (
    select
        kol_id,
        person_id,
        min(occurred_at) as first_reached_at
    from touchpoints
    where
        kol_id is not null
        and (source_system = 'social' or touchpoint_type = 'web_session')
    group by kol_id, person_id
)

select * from final
