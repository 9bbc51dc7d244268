"""Registry of the section page types that apps hang under their indexes.

`cms` never imports the apps above it (DESIGN.md): each app registers, in its
AppConfig.ready(), which index page type receives one section per collectivité and
which page type that section is. The collectivité service walks this registry.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionType:
    index_model: type
    section_model: type


_registry: list[SectionType] = []


def register_section(index_model, section_model):
    entry = SectionType(index_model, section_model)
    if entry not in _registry:
        _registry.append(entry)


def registered_sections():
    return list(_registry)
