{#- A raw e-mail address lowercased and trimmed, or null when the result is not a plausible
    address (one '@', no spaces, a dot in the domain). -#}
{% macro normalize_email(column) -%}
    case
        when {{ regexp_full_match(
                'lower(trim(' ~ column ~ '))', "[a-z0-9._%+-]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}") }}
            then lower(trim({{ column }}))
    end
{%- endmacro %}
