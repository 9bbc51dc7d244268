"""Registry of the section page types that apps hang under their indexes.

`cms` never imports the apps above it (DESIGN.md): each app declares, in its
AppConfig.ready() through cms.roles.declare_roles(), which index page type receives one
section per collectivité and which page type that section is. The collectivité service
walks this registry.

An app may also declare an index that holds only EMI's own content (trainings,
resources...): EMI moderators then get add, edit and publish permission on it, like on
the section indexes.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionType:
    index_model: type
    section_model: type


_registry: list[SectionType] = []
_emi_indexes: list[type] = []


def register_section(index_model, section_model):
    entry = SectionType(index_model, section_model)
    if entry not in _registry:
        _registry.append(entry)


def registered_sections():
    return list(_registry)


def register_emi_index(index_model):
    """An index edited by EMI moderators only (no collectivité section under it)."""
    if index_model not in _emi_indexes:
        _emi_indexes.append(index_model)


def moderated_index_models():
    """Every index page type on which EMI moderators edit and publish."""
    models = []
    for model in [entry.index_model for entry in _registry] + _emi_indexes:
        if model not in models:
            models.append(model)
    return models


def section_models():
    models = []
    for entry in _registry:
        if entry.section_model not in models:
            models.append(entry.section_model)
    return models
