{#- A 1-5 quintile score of `value` within `partition_by` (a column list, or none for the whole
    relation), higher values scoring higher. var('rfm_scoring'):
    - ntile: ntile(5) ordered by the value then person_id ascending. Quintiles are equal in
      size (to one row), and equal values may land in two adjacent scores, the lower
      person_ids taking the lower score.
    - percent_rank: 1 + floor(5 * (rank - 1) / (n - 1)), capped at 5: the percent rank,
      computed with one division so that quintile boundaries are exact. Equal values share the
      score of their first rank, so a score may be skipped and quintiles may be unequal. -#}
{% macro rfm_score(value, partition_by=none) -%}
    {%- set method = var('rfm_scoring') -%}
    {%- set partition = 'partition by ' ~ partition_by if partition_by else '' -%}
    {%- if method == 'percent_rank' -%}
        cast(least(5, 1 + floor(
            5.0 * (rank() over ({{ partition }} order by {{ value }}) - 1)
            / greatest(count(*) over ({{ partition }}) - 1, 1)
        )) as integer)
    {%- else -%}
        {#- (`exceptions is defined`: sqlfluff's jinja templater has no `exceptions`) -#}
        {%- if method != 'ntile' and exceptions is defined -%}
            {{ exceptions.raise_compiler_error(
                "var rfm_scoring must be 'ntile' or 'percent_rank', got '" ~ method ~ "'") }}
        {%- endif -%}
        cast(ntile(5) over ({{ partition }} order by {{ value }}, person_id) as integer)
    {%- endif -%}
{%- endmacro %}
