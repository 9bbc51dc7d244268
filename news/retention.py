"""How long the personal data of this app is kept (stated on /donnees-personnelles/)."""

import datetime

# Applications: 24 months after the call closes. Registrations: 24 months after the
# event. Topic proposals: the contact's details, 24 months after the proposal.
RETENTION_MONTHS = 24


def months_before(moment, months):
    """The same day `months` months earlier (the last day of a shorter month if needed)."""
    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))
