{#- Generic test for staging base models: every quarantined row carries its detail, raw record
    and row key, and no kept row carries a detail or raw record. Fails with the offending rows. -#}
{% test quarantined_rows_have_raw_record(model) %}

select *
from {{ model }}
where
    (
        quarantine_reason is not null
        and (quarantine_detail is null or raw_record is null or row_key is null)
    )
    or (quarantine_reason is null and (quarantine_detail is not null or raw_record is not null))

{% endtest %}
