"""How long personal data is kept: one declaration per kind of data.

The table of /donnees-personnelles/ (home.blocks.RetentionTableBlock) and the
`purge_personal_data` command read the same rules, so the site never keeps something
longer than it says. Each app registers its own rules in its AppConfig.ready(); cms never
imports the apps above it. A rule without a purge function is one the site cannot apply
by itself (data removed with the account, by the person): the command says so.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Purged", "RetentionRule", "Term", "months_before", "register", "rules"]


def months_before(moment, months):
    """The same day `months` months earlier (the last day of a shorter month if needed)."""
    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


@dataclass(frozen=True)
class Term:
    """A retention period in months or days; str() is how the site states it."""

    months: int = 0
    days: int = 0

    def before(self, moment):
        """The moment this term before `moment` (the cut-off of a purge)."""
        return months_before(moment, self.months) - datetime.timedelta(days=self.days)

    def __str__(self):
        parts = []
        if self.months:
            parts.append(f"{self.months} mois")
        if self.days:
            parts.append(f"{self.days} jour{'s' if self.days > 1 else ''}")
        return " et ".join(parts) or "0 jour"


@dataclass(frozen=True)
class Purged:
    """What one purge function removed (or, in a dry run, would remove)."""

    what: str  # "inscriptions aux événements passés"
    count: int
    done: str = "supprimé(s)"
    planned: str = "à supprimer"


PurgeFunction = Callable[..., list[Purged]]


@dataclass(frozen=True)
class RetentionRule:
    key: str
    category: str  # "Inscriptions aux événements" (the table's first column)
    data: str  # what is kept
    purpose: str
    # How the page states the term; "{term}" is replaced by the term ("24 mois").
    duration: str
    term: Term | None = None
    # purge(cutoff=…, now=…, dry_run=…) -> list[Purged]; None: not purged by the site.
    purge: PurgeFunction | None = field(default=None, compare=False)
    # Who removes the data when the site does not (printed by the command).
    manual: str = ""
    order: int = 100

    @property
    def duration_text(self):
        return self.duration.format(term=self.term) if self.term else self.duration

    def cutoff(self, now):
        return self.term.before(now) if self.term else None


_RULES: dict[str, RetentionRule] = {}


def register(rule):
    """Declare (or redeclare, by key) a retention rule; call from AppConfig.ready()."""
    if rule.purge is not None and rule.term is None:
        raise ValueError(f"La règle {rule.key!r} purge sans durée déclarée.")
    if "{term}" in rule.duration and rule.term is None:
        raise ValueError(f"La règle {rule.key!r} cite une durée qu'elle ne déclare pas.")
    _RULES[rule.key] = rule
    return rule


def rules():
    """Every declared rule, in the order of the published table."""
    return sorted(_RULES.values(), key=lambda rule: (rule.order, rule.category))


def get(key):
    return _RULES[key]
