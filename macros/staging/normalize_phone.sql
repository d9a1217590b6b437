{#- A raw phone number in E.164, or null when it is not a mainland-China mobile or a Hong Kong
    number. Accepted: 11-digit CN mobiles starting with 1 ('13800138000' -> '+8613800138000'),
    8-digit HK numbers ('91234567' -> '+85291234567'), each optionally prefixed with the
    country code (86 / 852, with or without '+' or '00') and written with spaces, dashes, dots
    or parentheses ('+86 138-0013-8000', '(+86) 13800138000', '(852) 9123 4567',
    '86-13800138000'). Letters or any other character make the number invalid. -#}
{% macro normalize_phone(column) -%}
    {%- set digits = "regexp_replace(" ~ column ~ ", '[^0-9]', '', 'g')" -%}
    case
        when not {{ regexp_full_match('trim(' ~ column ~ ')', '[0-9 ()+.-]+') }}
            then null
        when {{ regexp_full_match(digits, '(00)?861[0-9]{10}') }}
            then '+86' || right({{ digits }}, 11)
        when {{ regexp_full_match(digits, '1[0-9]{10}') }}
            then '+86' || {{ digits }}
        when {{ regexp_full_match(digits, '(00)?852[0-9]{8}') }}
            then '+852' || right({{ digits }}, 8)
        when {{ regexp_full_match(digits, '[0-9]{8}') }}
            then '+852' || {{ digits }}
    end
{%- endmacro %}
