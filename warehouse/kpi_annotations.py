"""What `jansewa kpis` says beside each value: complete, status and quality_flags.

A value alone does not say whether it can be compared. Each row of the long KPI table is
annotated, in one parameterised query over the rows it annotates:

* ``complete`` / ``status`` -- unrestricted rows carry them from kpi_values (kpi_period_status).
  A restricted range (``--from`` / ``--to``) is judged on its own end: the row's period is
  cut at ``--to``, so its end is the earlier of the period's last day and ``--to`` (the total:
  ``--to``, else the latest day with data). complete = that end <= the as_of of the KPI's
  source (kpi_period_status.as_of); 'partial' when not complete, 'provisional' when as_of is
  before that end + the KPI's maturity_days, else 'final'. A range ending on a day the
  exports have not reached is therefore partial, whatever grain it is read at.
* ``quality_flags`` -- the reasons of kpi_data_quality (the one data-quality table the
  overview, the scorecard gate and the quality page read) for the row's KPI source ×
  district, in the months the row's period touches: the month itself at the month grain,
  the day's month at the day grain, and each reason prefixed with its month ('2020-05: ...')
  at the week and total grains, which can span months. The state's rows ('Haryana') carry
  the reasons no district can claim (kpi_data_quality rows with no district). The composite
  (month and total) carries its scorecard gate reasons, which are drawn from the same table.
  Empty when there is none.
"""

from __future__ import annotations

# Every row's last day: the period's last calendar day (the total: the latest day with data,
# or the range's end), cut at the range's end when there is one.
_PERIOD_END = """
    case r.grain
        when 'day' then r.period_start
        when 'week' then (r.period_start + interval 6 day)::date
        when 'month' then last_day(r.period_start)
        else coalesce($date_to::date, (select max(day) from kpi_daily))
    end
"""

_ANNOTATIONS = """
rows_ as (
    select distinct district, grain, period_start, kpi
    from kpi_rows
),

catalog as (
    select kpi, source, maturity_days
    from kpi_catalog
),

kpi_as_of as (
    select kpi, max(as_of) as as_of
    from kpi_period_status
    group by kpi
),

quality as (
    select source, district, period_start as month, unnest(reasons) as reason
    from kpi_data_quality
    where grain = 'month' and flagged
),

gate as (
    select grain, period_start, district, gate_reasons
    from kpi_scorecard
    where gate_reasons <> ''
),

ended as (
    select
        r.district,
        r.grain,
        r.period_start,
        r.kpi,
        least({period_end}, coalesce($date_to::date, {period_end})) as period_end
    from rows_ as r
),

judged as (
    select
        e.*,
        coalesce(e.period_end <= a.as_of, false) as complete,
        case
            when not coalesce(e.period_end <= a.as_of, false) then 'partial'
            when a.as_of < e.period_end + c.maturity_days then 'provisional'
            else 'final'
        end as status
    from ended as e
    left join catalog as c on c.kpi = e.kpi
    left join kpi_as_of as a on a.kpi = e.kpi
),

source_flags as (
    select
        j.district,
        j.grain,
        j.period_start,
        j.kpi,
        string_agg(
            case
                when j.grain in ('week', 'total') then strftime(q.month, '%Y-%m') || ': ' || q.reason
                else q.reason
            end,
            '; '
            order by q.month, q.reason
        ) as flags
    from judged as j
    inner join catalog as c on c.kpi = j.kpi
    inner join quality as q
        on q.source = c.source
        and q.district is not distinct from nullif(j.district, 'Haryana')
        and q.month between date_trunc('month', j.period_start) and j.period_end
    group by all
),

composite_flags as (
    select j.district, j.grain, j.period_start, j.kpi, g.gate_reasons as flags
    from judged as j
    inner join gate as g
        on g.grain = j.grain
        and g.period_start = j.period_start
        and g.district = j.district
    where j.kpi in ('composite_index', 'composite_rank')
),

annotations as (
    select
        j.district,
        j.grain,
        j.period_start,
        j.kpi,
        j.complete,
        j.status,
        coalesce(s.flags, c.flags, '') as quality_flags
    from judged as j
    left join source_flags as s
        on s.district = j.district
        and s.grain = j.grain
        and s.period_start = j.period_start
        and s.kpi = j.kpi
    left join composite_flags as c
        on c.district = j.district
        and c.grain = j.grain
        and c.period_start = j.period_start
        and c.kpi = j.kpi
)
""".replace("{period_end}", _PERIOD_END)

NEEDED = frozenset({"kpi_period_status", "kpi_data_quality"})


def annotated_sql(rows_sql: str, tables: set[str], restricted: bool) -> str:
    """One query: the rows of ``rows_sql`` with complete, status and quality_flags, sorted.

    ``rows_sql`` is a kpi_values-shaped query (district, period_start, grain, kpi,
    numerator, denominator, value, ci_low, ci_high, and complete / status unless
    ``restricted``); it may use the parameters $grain, $district, $kpi, $date_from and
    $date_to. The result has the columns of warehouse.kpis.COLUMNS, sorted by district, period_start
    and kpi. Unrestricted rows keep the complete / status they were read with; restricted
    ones (re-aggregated over a --from / --to range) are judged on $date_to as the module
    docstring says. A snapshot published before kpi_periods or kpi_data_quality existed
    (``tables``, the snapshot's table names) gives null complete / status for restricted
    rows and empty flags. Why SQL rather than a join of frames: `jansewa kpis` then needs
    neither Polars nor pyarrow, whose imports were half of the command's time.
    """
    judged = "a.complete, a.status" if restricted else "r.complete, r.status"
    if not tables >= NEEDED:
        return f"""
with kpi_rows as ({rows_sql})
select r.district, r.period_start, r.grain, r.kpi, r.numerator, r.denominator, r.value,
    {"null::boolean as complete, null::varchar as status" if restricted else judged},
    r.ci_low, r.ci_high, '' as quality_flags
from kpi_rows as r
order by r.district, r.period_start, r.kpi
"""
    return f"""
with

kpi_rows as ({rows_sql}),
{_ANNOTATIONS}

select r.district, r.period_start, r.grain, r.kpi, r.numerator, r.denominator, r.value,
    {judged}, r.ci_low, r.ci_high, coalesce(a.quality_flags, '') as quality_flags
from kpi_rows as r
left join annotations as a
    on a.district = r.district
    and a.grain = r.grain
    and a.period_start = r.period_start
    and a.kpi = r.kpi
order by r.district, r.period_start, r.kpi
"""
