"""Signal handlers of the agenda (connected in NewsConfig.ready)."""

from .registrations import fill_from_waiting_list


def event_published(sender, instance, **kwargs):
    """A published event may have more places (or « complet » lifted): fill them in order."""
    if instance.uses_registration_form:
        fill_from_waiting_list(instance)
