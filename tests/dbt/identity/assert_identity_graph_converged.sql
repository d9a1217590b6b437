{#- Every link between two bridging identifiers ends in one person. A row here means the
    label propagation stopped before it reached the whole component: raise the var
    identity_graph_rounds. -#}
with

links as (
    select * from {{ ref('int_identifier_links_unioned') }}
),

resolved as (
    select * from {{ ref('int_identifiers_resolved') }}
),

final as (
    select
        links.identifier_type,
        links.identifier,
        links.linked_identifier_type,
        links.linked_identifier,
        left_ids.person_id,
        right_ids.person_id as linked_person_id
    from links
    inner join resolved as left_ids
        on
            links.identifier_type = left_ids.identifier_type
            and links.identifier = left_ids.identifier
    inner join resolved as right_ids
        on
            links.linked_identifier_type = right_ids.identifier_type
            and links.linked_identifier = right_ids.identifier
    where
        not left_ids.is_shared
        and not right_ids.is_shared
        and left_ids.person_id != right_ids.person_id
)

select * from final
