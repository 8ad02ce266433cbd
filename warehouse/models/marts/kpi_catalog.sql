-- kpi_catalog: every KPI id that kpi_values can hold, one row per KPI, with its names,
-- definition, kind, unit, direction, theme, source, target and maturity: what the dashboard,
-- `jansewa kpis --kpi` validation, the Wilson intervals and the scorecard's gate read.
-- key: kpi. Reads ref_kpis, loaded from the reviewed file warehouse/reference/kpis.yml
-- (checked by warehouse/kpi_catalogue.py, where kinds, directions and maturity are explained).
-- label / label_hi: the English / Hindi name. direction: higher | lower (which way is
-- better), null where neither is. theme: the scorecard theme of the KPI's area, null for the
-- composite. target: the KPI's id in ref_kpi_targets, null without one. maturity_days: days
-- after a period ends before its value is final.
with

kpis as (
    select
        kpi,
        label,
        label_hi,
        definition,
        definition_hi,
        kind,
        unit,
        direction,
        theme,
        source,
        target,
        maturity_days
    from ref_kpis
),

final as (
    select
        kpi,
        label,
        kind,
        unit,
        direction,
        source,
        label_hi,
        definition,
        definition_hi,
        theme,
        maturity_days,
        target
    from kpis
)

select
    kpi,
    label,
    kind,
    unit,
    direction,
    source,
    label_hi,
    definition,
    definition_hi,
    theme,
    maturity_days,
    target
from final
order by kpi
