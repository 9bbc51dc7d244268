"""The columns of the project exports: one definition, read by the CSV and JSON exports,
the Table Schema (schema.json), the API (/api/v2/, the project's fields) and the
/donnees/ page.

A column's name never changes once published (harvesters key on it): add columns at the
end, never rename nor reorder. Multi-valued columns hold their values separated by
MULTI_VALUE_SEPARATOR, in the CSV and in the JSON alike, so that both carry the same rows.

A column writes a value of the project's facts (projects.opendata.facts) two ways:
`as_text` for the exports' cells (a missing value is an empty cell, several values are
joined), `as_json` for the API (lists stay lists, numbers are numbers, null is null).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

MULTI_VALUE_SEPARATOR = " | "
LICENCE_NAME = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_ID = "etalab-2.0"
SCHEMA_VERSION = "1.0.0"


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    description: str
    type: str = "string"
    required: bool = False
    multi_valued: bool = False

    def as_text(self, value):
        """The value as the exports' cell."""
        if value is None:
            return ""
        if self.multi_valued:
            return MULTI_VALUE_SEPARATOR.join(str(item) for item in value if item)
        return _scalar(value, text=True)

    def as_json(self, value):
        """The value as the API writes it: a list, a number, a string or null."""
        if value is None:
            return None
        if self.multi_valued:
            return [item for item in value if item]
        return _scalar(value, text=False)

    def as_table_schema(self):
        field = {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "type": self.type,
        }
        if self.type == "datetime":
            field["format"] = "default"  # ISO 8601 with the offset from UTC
        if self.required:
            field["constraints"] = {"required": True}
        return field


def number(value):
    """A decimal without an exponent or trailing zeros: "35", "12.5"."""
    return format(value.normalize(), "f")


def _scalar(value, *, text):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        written = number(value)
        if text:
            return written
        return int(value) if value == value.to_integral_value() else float(written)
    return value


MULTI = f"Plusieurs valeurs séparées par « {MULTI_VALUE_SEPARATOR.strip()} »."

COLUMNS = (
    Column(
        "identifiant",
        "Identifiant",
        "Numéro du projet sur le site, stable dans le temps.",
        "integer",
        required=True,
    ),
    Column("titre", "Titre", "Le nom du projet.", required=True),
    Column("url", "Adresse", "L'adresse de la fiche du projet sur le site.", "string", True),
    Column("resume", "Résumé", "Le projet en 300 caractères au plus."),
    Column("collectivite", "Collectivité", "La collectivité où le projet est né."),
    Column(
        "collectivite_identifiant",
        "Identifiant de la collectivité",
        "Identifiant de la collectivité dans les adresses du site (filtre ?collectivite=).",
    ),
    Column("promotion", "Promotion", "La promotion de l'EMI qui a porté le projet."),
    Column(
        "promotion_identifiant",
        "Identifiant de la promotion",
        "Identifiant de la promotion dans les adresses du site (filtre ?promotion=).",
    ),
    Column(
        "formation",
        "Formation",
        "Le type de formation de la promotion : Découverte, Courte ou Longue.",
    ),
    Column(
        "autre_programme",
        "Autre programme",
        "Pour un projet venu d'ailleurs que d'une promotion de l'EMI : le programme d'origine.",
    ),
    Column("date_jury", "Date du jury", "La date du jury qui a examiné le projet.", "date"),
    Column(
        "statut",
        "Statut",
        "Où en est le projet : propose, retenu, non-retenu, experimentation, deploye, abandonne.",
        required=True,
    ),
    Column("statut_libelle", "Statut (libellé)", "Le statut tel qu'il est affiché sur le site."),
    Column(
        "statut_explication",
        "Explication du statut",
        "Pourquoi le projet en est là : toujours renseignée pour un projet non retenu ou "
        "abandonné.",
    ),
    Column("thematiques", "Thématiques", "Les thématiques du projet. " + MULTI, multi_valued=True),
    Column("probleme", "Problème traité", "Le problème de départ, en texte brut."),
    Column(
        "personnes_concernees",
        "Personnes concernées",
        "Les usagers et les agents concernés par le problème.",
    ),
    Column(
        "solutions",
        "Solutions et suites données",
        "Chaque solution proposée, suivie entre parenthèses de ce qu'il en est advenu (mise "
        "en œuvre, en test, non mise en œuvre) et pourquoi. " + MULTI,
        multi_valued=True,
    ),
    Column(
        "indicateur_une",
        "Résultat à la une",
        "L'indicateur d'impact mis en avant sur la fiche du projet.",
    ),
    Column(
        "indicateur_une_valeur_depart",
        "Résultat à la une : valeur de départ",
        "La valeur avant le projet (séparateur décimal : le point).",
        "number",
    ),
    Column(
        "indicateur_une_valeur",
        "Résultat à la une : valeur mesurée",
        "La valeur mesurée (séparateur décimal : le point).",
        "number",
    ),
    Column("indicateur_une_unite", "Résultat à la une : unité", "%, jours, repas, demandes…"),
    Column("indicateur_une_date", "Résultat à la une : date de la mesure", "", "date"),
    Column(
        "indicateur_une_source",
        "Résultat à la une : source",
        "D'où vient le chiffre : logiciel métier, enquête, comptage…",
    ),
    Column(
        "autres_indicateurs",
        "Autres indicateurs",
        "Les autres indicateurs d'impact, chacun sous la forme « libellé : valeur de départ → "
        "valeur unité (mesuré le AAAA-MM-JJ ; source : …) ». " + MULTI,
        multi_valued=True,
    ),
    Column(
        "equipe",
        "Équipe",
        "Les rôles des membres de l'équipe, avec le nom des seules personnes qui ont accepté "
        "qu'il soit publié. " + MULTI,
        multi_valued=True,
    ),
    Column(
        "date_premiere_publication",
        "Première publication",
        "Date et heure de la première publication de la fiche (ISO 8601, heure de Paris).",
        "datetime",
    ),
    Column(
        "date_mise_a_jour",
        "Dernière mise à jour",
        "Date et heure de la dernière publication de la fiche (ISO 8601, heure de Paris).",
        "datetime",
    ),
)

COLUMN_NAMES = tuple(column.name for column in COLUMNS)


def table_schema(schema_url):
    """The frictionless Table Schema of the exports (served as schema.json)."""
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": "emi-projets",
        "title": "Banque de projets de l'École du management par l'innovation",
        "description": "Les projets publiés de la banque de projets de l'EMI (Département du "
        "Val-d'Oise) : problème, solutions, statut, thématiques et impact mesuré. Les exports "
        "CSV et JSON portent les mêmes champs, dans cet ordre.",
        "path": schema_url,
        "version": SCHEMA_VERSION,
        "licenses": [{"name": LICENCE_ID, "title": LICENCE_NAME, "path": LICENCE_URL}],
        "missingValues": [""],
        "primaryKey": "identifiant",
        "fields": [column.as_table_schema() for column in COLUMNS],
    }
