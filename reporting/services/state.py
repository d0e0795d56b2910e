"""A report's fields as one flat mapping, field key -> value: what a save compares and merges,
and what a return records so that the coordinator later sees what the agency changed.

The keys are those the services name errors with (`reporting.validation`: `value:…`, `entry:…`,
`activity:…`), `comment:<indicator>:<period>:<breakdown>` for the comment on a value, and the
header's field names. An empty field is None (or absent): "" and None are the same to a person.

The merge is three-way, field by field (decisions where the issue is silent):
- a field the person left as it was loaded is not written, whatever is stored now;
- a field the person changed is written when nobody else changed it since it was loaded, or when
  the other person stored the same value;
- a field both changed to different values is a clash: nothing is written, and the person sees
  both values.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from reporting.models import Report
from reporting.validation import activity_key, entry_key, number_text, value_key

from ._common import ACTIVITY_FIELDS, ENTRY_FIELDS, ActivityInput, EntryInput, ValueInput

HEADER_FIELDS = ("contact_person", "general_observations")

State = dict[str, object]


def comment_key(indicator_id: int, period: str, breakdown: str = "") -> str:
    """The key of the comment on one value (the form offers it on totals)."""
    return f"comment:{indicator_id}:{period}:{breakdown}"


def normal(value: object) -> object:
    """What a field holds, compared as a person would: surrounding spaces and empty text do not
    count, and 12 is 12.0."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def same(one: object, other: object) -> bool:
    return normal(one) == normal(other)


def state_of_inputs(
    *,
    contact_person: str | None = None,
    general_observations: str | None = None,
    values: Iterable[ValueInput] = (),
    entries: Iterable[EntryInput] = (),
    activities: Iterable[ActivityInput] = (),
) -> State:
    """The fields a save was given; a field not given is left out (it is not being changed)."""
    state: State = {}
    if contact_person is not None:
        state["contact_person"] = normal(contact_person)
    if general_observations is not None:
        state["general_observations"] = normal(general_observations)
    for item in values:
        state[value_key(item.indicator_id, item.period, item.breakdown)] = item.value
        state[comment_key(item.indicator_id, item.period, item.breakdown)] = normal(item.comment)
    for entry in entries:
        for name in ENTRY_FIELDS:
            state[entry_key(entry.indicator_id, name)] = normal(getattr(entry, name))
    for update in activities:
        for name in ACTIVITY_FIELDS:
            state[activity_key(update.activity_id, name)] = normal(getattr(update, name))
    return state


def stored_state(report: Report) -> State:
    """Everything the report holds now, as a State (four queries)."""
    header = Report.objects.values(*HEADER_FIELDS).get(pk=report.pk)
    state: State = {name: normal(header[name]) for name in HEADER_FIELDS}
    rows = report.values.values_list("indicator_id", "period", "breakdown", "value", "comment")
    for indicator_id, period, breakdown, number, comment in rows:
        state[value_key(indicator_id, period, breakdown)] = number
        state[comment_key(indicator_id, period, breakdown)] = normal(comment)
    for entry in report.entries.values("indicator_id", *ENTRY_FIELDS):
        for name in ENTRY_FIELDS:
            state[entry_key(entry["indicator_id"], name)] = normal(entry[name])
    for update in report.activity_updates.values("activity_id", *ACTIVITY_FIELDS):
        for name in ACTIVITY_FIELDS:
            state[activity_key(update["activity_id"], name)] = normal(update[name])
    return {key: value for key, value in state.items() if value is not None}


def merge(*, loaded: Mapping[str, object], mine: State, stored: State) -> tuple[State, State]:
    """(the fields to write with their new values, the clashes with the value stored now)."""
    changes: State = {}
    clashes: State = {}
    for key, value in mine.items():
        before, now = loaded.get(key), stored.get(key)
        if same(value, before) or same(value, now):
            continue
        if same(now, before):
            changes[key] = normal(value)
        else:
            clashes[key] = now
    return changes, clashes


def as_text(state: Mapping[str, object]) -> dict[str, str]:
    """A state as text (for JSON, and to show): numbers as a person writes them."""
    return {key: text for key, value in state.items() if (text := value_text(value))}


def value_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number_text(value)
    return str(value).strip()


def changed_keys(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """The keys whose text differs, in a stable order."""
    return sorted(key for key in {*before, *after} if before.get(key, "") != after.get(key, ""))


# Turning merged changes back into what the save writes ------------------------------------------


def inputs_from_changes(
    changes: State, stored: State
) -> tuple[dict[str, str], list[ValueInput], list[EntryInput], list[ActivityInput]]:
    """The header, cells, entries and activity updates touched by `changes`, each whole: the
    changed fields with the new values, the others as stored."""

    def field(key: str) -> object:
        return changes[key] if key in changes else stored.get(key)

    header = {name: str(field(name) or "") for name in HEADER_FIELDS}
    cells, indicators, activities = set(), set(), set()
    for key in changes:
        kind, _sep, rest = key.partition(":")
        if kind in ("value", "comment"):
            indicator, period, breakdown = rest.split(":", 2)
            cells.add((int(indicator), period, breakdown))
        elif kind == "entry":
            indicators.add(int(rest.partition(":")[0]))
        elif kind == "activity":
            activities.add(int(rest.partition(":")[0]))
    values = [
        ValueInput(
            indicator_id=indicator,
            period=period,
            breakdown=breakdown,
            value=field(value_key(indicator, period, breakdown)),  # type: ignore[arg-type]
            comment=str(field(comment_key(indicator, period, breakdown)) or ""),
        )
        for indicator, period, breakdown in sorted(cells)
    ]
    entries = [
        EntryInput(
            indicator_id=pk,
            **{name: _or_blank(name, field(entry_key(pk, name))) for name in ENTRY_FIELDS},  # type: ignore[arg-type]
        )
        for pk in sorted(indicators)
    ]
    updates = [
        ActivityInput(
            activity_id=pk,
            **{name: _or_blank(name, field(activity_key(pk, name))) for name in ACTIVITY_FIELDS},  # type: ignore[arg-type]
        )
        for pk in sorted(activities)
    ]
    # An update without a status says nothing (the form asks for one with any other field).
    return header, values, entries, [update for update in updates if update.state]


NUMERIC_FIELDS = {"budget_spent", "percent_done", "spent"}


def _or_blank(name: str, value: object) -> object:
    if value is None:
        return None if name in NUMERIC_FIELDS else ""
    return value
