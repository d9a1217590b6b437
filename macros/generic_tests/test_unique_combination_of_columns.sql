{#- Generic test: the combination of the given columns is unique in the model (arguments:
    combination_of_columns: [a, b]). Fails with each duplicated combination and its count. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

select
    {{ combination_of_columns | join(', ') }},
    count(*) as row_count
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1

{% endtest %}
