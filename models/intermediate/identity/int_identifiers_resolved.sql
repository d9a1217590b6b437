{#- One row per identifier with the person behind it: the connected components of the
    identity graph, flagged identifiers excluded from bridging. Components are found by
    min-label propagation with pointer jumping, `identity_graph_rounds` rounds (each round a
    node takes the smallest label among itself and its neighbours, then the label of that
    label); the test assert_identity_graph_converged fails if a link still joins two labels.
    A node's label is its rank in (type rank, identifier) order, so a component's label is its
    smallest identifier, and person_id is a hash of that identifier: the same input gives the
    same ids, and a person's id changes only when her own component changes. -#}
{%- set type_ranks = {
    'customer_id': 1, 'member_id': 2, 'union_id': 3, 'social_id': 4,
    'phone': 5, 'email': 6, 'anonymous_id': 7,
} -%}
{%- set rank_cases = [] -%}
{%- for identifier_type, rank in type_ranks.items() -%}
    {%- do rank_cases.append("when '" ~ identifier_type ~ "' then " ~ rank) -%}
{%- endfor -%}
{%- set type_rank = 'case identifiers.identifier_type ' ~ rank_cases | join(' ') ~ ' end' -%}
{%- set rounds = var('identity_graph_rounds') | int -%}
with

links as (
    select * from {{ ref('int_identifier_links_unioned') }}
),

flagged as (
    select * from {{ ref('int_identifiers_flagged') }}
),

identifiers as (
    select
        identifier_type,
        identifier
    from links
    union
    select
        linked_identifier_type as identifier_type,
        linked_identifier as identifier
    from links
    where linked_identifier is not null
),

nodes as (
    select
        identifiers.identifier_type,
        identifiers.identifier,
        flagged.flag_reason,
        row_number() over (
            order by
                {{ type_rank }},
                identifiers.identifier
        ) as node_id
    from identifiers
    left join flagged
        on
            identifiers.identifier_type = flagged.identifier_type
            and identifiers.identifier = flagged.identifier
),

bridging_links as (
    select distinct
        left_nodes.node_id as left_node_id,
        right_nodes.node_id as right_node_id
    from links
    inner join nodes as left_nodes
        on
            links.identifier_type = left_nodes.identifier_type
            and links.identifier = left_nodes.identifier
    inner join nodes as right_nodes
        on
            links.linked_identifier_type = right_nodes.identifier_type
            and links.linked_identifier = right_nodes.identifier
    where
        left_nodes.flag_reason is null
        and right_nodes.flag_reason is null
        and left_nodes.node_id != right_nodes.node_id
),

edges as materialized (
    select
        left_node_id as node_id,
        right_node_id as neighbour_id
    from bridging_links
    union
    select
        right_node_id as node_id,
        left_node_id as neighbour_id
    from bridging_links
),

labels_0 as materialized (
    select distinct
        node_id,
        node_id as component_label
    from edges
),

{%- for round in range(1, rounds + 1) %}

smallest_neighbour_labels_{{ round }} as materialized (
    select
        labels.node_id,
        least(min(labels.component_label), min(neighbour_labels.component_label))
            as component_label
    from labels_{{ round - 1 }} as labels
    inner join edges
        on labels.node_id = edges.node_id
    inner join labels_{{ round - 1 }} as neighbour_labels
        on edges.neighbour_id = neighbour_labels.node_id
    group by labels.node_id
),

labels_{{ round }} as materialized (
    select
        labels.node_id,
        least(labels.component_label, label_of_label.component_label) as component_label
    from smallest_neighbour_labels_{{ round }} as labels
    inner join smallest_neighbour_labels_{{ round }} as label_of_label
        on labels.component_label = label_of_label.node_id
),
{%- endfor %}

components as (
    select
        nodes.identifier_type,
        nodes.identifier,
        nodes.flag_reason,
        coalesce(labels.component_label, nodes.node_id) as component_node_id
    from nodes
    left join labels_{{ rounds }} as labels
        on nodes.node_id = labels.node_id
),

anchors as (
    select
        node_id,
        identifier_type || ':' || identifier as anchor_key
    from nodes
),

final as (
    select
        case
            when components.flag_reason is null
                then 'p' || left({{ dbt.hash('anchors.anchor_key') }}, 16)
        end as person_id,
        components.identifier_type,
        components.identifier,
        components.flag_reason,
        components.flag_reason is not null as is_shared
    from components
    -- anchors is read inside the dbt.hash call, which lint renders as a stand-in
    left join anchors  -- noqa: ST11
        on components.component_node_id = anchors.node_id
)

select * from final
