{#- The lifecycle layers from the weakest tie to the strongest: a person's layer is the deepest
    (last in this list) she has reached. -#}
{% macro lifecycle_layers() -%}
    {{ return(['visitor', 'interactor', 'fan', 'friend', 'customer', 'member']) }}
{%- endmacro %}
