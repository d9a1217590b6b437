{#- The channel group of a campaign or message channel, in the vocabulary of the channel map:
    the brand's own social accounts are social_organic, red packets are paid social, SEM is
    paid search. -#}
{% macro campaign_channel_group(channel) -%}
    case {{ channel }}
        when 'email' then 'email'
        when 'sms' then 'sms'
        when 'wechat' then 'social_organic'
        when 'weibo' then 'social_organic'
        when 'douyin' then 'social_organic'
        when 'red_packet' then 'social_paid'
        when 'display' then 'display'
        when 'sem' then 'paid_search'
        when 'kol' then 'kol'
    end
{%- endmacro %}
