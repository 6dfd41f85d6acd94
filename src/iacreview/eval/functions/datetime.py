"""Date and time functions: formatdate, timeadd, timecmp, timestamp, plantimestamp.

Timestamps are RFC 3339 strings (``2006-01-02T15:04:05Z`` or with a
``+07:00`` offset); results keep the input's offset and, like Terraform,
drop fractional seconds.  ``timestamp``/``plantimestamp`` read the injected
``CallContext.clock`` and are unknown when no clock is configured.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from iacreview.eval.functions.common import fn, param
from iacreview.eval.functions.registry import CallContext, FunctionSpec, arg_error
from iacreview.eval.types import NUMBER, STRING
from iacreview.eval.values import Value, number_val, string_val, unknown_val

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})"
)
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_UNITS_NS = {"ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000,
             "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000}
_DURATION_PART = re.compile(r"(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)")


class Timestamp:
    """A parsed RFC 3339 instant: aware datetime plus nanoseconds, and whether it was ``Z``."""

    __slots__ = ("when", "nanos", "utc_z")

    def __init__(self, when: dt.datetime, nanos: int, utc_z: bool) -> None:
        self.when = when
        self.nanos = nanos
        self.utc_z = utc_z

    def epoch_nanos(self) -> int:
        whole = self.when.replace(microsecond=0)
        return int(whole.timestamp()) * 1_000_000_000 + self.nanos


def parse_timestamp(text: str, index: int = 0) -> Timestamp:
    m = _RFC3339.fullmatch(text)
    if not m:
        raise arg_error(index, f'not a valid RFC3339 timestamp: cannot parse "{text}"')
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    frac, zone = m.group(7), m.group(8)
    if zone == "Z":
        tz = dt.timezone.utc
    else:
        sign = 1 if zone[0] == "+" else -1
        hh, mm = int(zone[1:3]), int(zone[4:6])
        if hh > 23 or mm > 59:
            raise arg_error(index, f'not a valid RFC3339 timestamp: time zone offset out of range in "{text}"')
        tz = dt.timezone(sign * dt.timedelta(hours=hh, minutes=mm))
    try:
        when = dt.datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError as e:
        raise arg_error(index, f"not a valid RFC3339 timestamp: {e}") from None
    nanos = int((frac[1:] + "000000000")[:9]) if frac else 0
    return Timestamp(when, nanos, zone == "Z")


def format_rfc3339(when: dt.datetime) -> str:
    text = when.strftime("%Y-%m-%dT%H:%M:%S")
    offset = when.utcoffset() or dt.timedelta(0)
    if offset == dt.timedelta(0) and when.tzinfo in (dt.timezone.utc, None):
        return text + "Z"
    return text + _offset(offset, colon=True)


def _offset(offset: dt.timedelta, colon: bool) -> str:
    total = int(offset.total_seconds()) // 60
    sign = "+" if total >= 0 else "-"
    hh, mm = divmod(abs(total), 60)
    return f"{sign}{hh:02d}{':' if colon else ''}{mm:02d}"


def parse_duration(text: str, index: int = 1) -> int:
    """Go duration syntax (``1h30m``, ``-10s``, ``1.5h``) in nanoseconds."""
    s = text
    sign = 1
    if s[:1] in "+-":
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    if s == "0":
        return 0
    if not s:
        raise arg_error(index, f'time: invalid duration "{text}"')
    total = Decimal(0)
    pos = 0
    while pos < len(s):
        m = _DURATION_PART.match(s, pos)
        if not m or m.group(1) in ("", "."):
            raise arg_error(index, f'time: invalid duration "{text}"')
        total += Decimal(m.group(1)) * _UNITS_NS[m.group(2)]
        pos = m.end()
    if total > (1 << 63) - 1:
        raise arg_error(index, f'time: invalid duration "{text}"')
    return sign * int(total)


def _timeadd(ctx: CallContext, args: list[Value]) -> Value:
    ts = parse_timestamp(args[0].payload, 0)
    delta_ns = parse_duration(args[1].payload, 1)
    total_ns = ts.nanos + delta_ns
    seconds, _ = divmod(total_ns, 1_000_000_000)
    try:
        result = ts.when.replace(microsecond=0) + dt.timedelta(seconds=seconds)
    except OverflowError:
        raise arg_error(1, "resulting time is out of range") from None
    return string_val(format_rfc3339(result))


def _timecmp(ctx: CallContext, args: list[Value]) -> Value:
    a = parse_timestamp(args[0].payload, 0).epoch_nanos()
    b = parse_timestamp(args[1].payload, 1).epoch_nanos()
    return number_val((a > b) - (a < b))


def _now(ctx: CallContext, args: list[Value]) -> Value:
    if ctx.clock is None:
        return unknown_val(STRING)
    now = ctx.clock()
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    return string_val(format_rfc3339(now.astimezone(dt.timezone.utc)))


def _tokens(spec: str, index: int) -> list[tuple[bool, str]]:
    """(is_verb, text) pieces of a formatdate spec."""
    out: list[tuple[bool, str]] = []
    i = 0
    n = len(spec)
    while i < n:
        c = spec[i]
        if c == "'":
            j = i + 1
            buf = []
            while True:
                if j >= n:
                    raise arg_error(index, "unterminated literal '")
                if spec[j] == "'":
                    if j + 1 < n and spec[j + 1] == "'":
                        buf.append("'")
                        j += 2
                        continue
                    break
                buf.append(spec[j])
                j += 1
            out.append((False, "'" if j == i + 1 else "".join(buf)))
            i = j + 1
        elif c.isascii() and c.isalpha():
            j = i
            while j < n and spec[j] == c:
                j += 1
            out.append((True, spec[i:j]))
            i = j
        else:
            out.append((False, c))
            i += 1
    return out


def _verb(verb: str, ts: Timestamp, index: int) -> str:
    t = ts.when
    offset = t.utcoffset() or dt.timedelta(0)
    hour12 = t.hour % 12 or 12
    table = {
        "YYYY": f"{t.year:04d}", "YY": f"{t.year % 100:02d}",
        "MMMM": _MONTHS[t.month - 1], "MMM": _MONTHS[t.month - 1][:3], "MM": f"{t.month:02d}", "M": str(t.month),
        "DD": f"{t.day:02d}", "D": str(t.day),
        "EEEE": _DAYS[t.weekday()], "EEE": _DAYS[t.weekday()][:3],
        "hh": f"{t.hour:02d}", "h": str(t.hour), "HH": f"{hour12:02d}", "H": str(hour12),
        "AA": "AM" if t.hour < 12 else "PM", "aa": "am" if t.hour < 12 else "pm",
        "mm": f"{t.minute:02d}", "m": str(t.minute), "ss": f"{t.second:02d}", "s": str(t.second),
        "ZZZZZ": _offset(offset, colon=True), "ZZZZ": _offset(offset, colon=False),
        "ZZZ": "UTC" if ts.utc_z else _offset(offset, colon=False),
        "Z": "Z" if ts.utc_z else _offset(offset, colon=True),
    }
    text = table.get(verb)
    if text is None:
        raise arg_error(index, f'invalid date format verb "{verb}"')
    return text


def _formatdate(ctx: CallContext, args: list[Value]) -> Value:
    spec, stamp = args[0].payload, args[1].payload
    ts = parse_timestamp(stamp, 1)
    pieces = [_verb(text, ts, 0) if is_verb else text for is_verb, text in _tokens(spec, 0)]
    return string_val("".join(pieces))


def specs() -> list[FunctionSpec]:
    S = STRING
    return [
        fn("formatdate", [param("format", S), param("time", S)], _formatdate, S,
           doc="Formats an RFC 3339 timestamp with a date/time spec."),
        fn("plantimestamp", [], _now, S, pure=False, doc="The time the plan started (injected clock)."),
        fn("timeadd", [param("timestamp", S), param("duration", S)], _timeadd, S,
           doc="Adds a Go-syntax duration to an RFC 3339 timestamp."),
        fn("timecmp", [param("timestamp_a", S), param("timestamp_b", S)], _timecmp, NUMBER,
           doc="Compares two timestamps: -1, 0 or 1."),
        fn("timestamp", [], _now, S, pure=False, doc="The current time (injected clock) in RFC 3339."),
    ]
