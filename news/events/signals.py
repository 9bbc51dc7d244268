"""Signal handlers of the news app (connected in NewsConfig.ready)."""


def event_published(sender, instance, **kwargs):
    """A published event may have more places (or « complet » lifted): fill them in order."""
    from .registrations import fill_from_waiting_list

    if instance.uses_registration_form:
        fill_from_waiting_list(instance)
