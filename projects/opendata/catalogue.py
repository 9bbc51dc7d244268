"""The DCAT-AP catalogue of the site's open data, in JSON-LD (/donnees/catalogue.jsonld,
and embedded in /donnees/), for the open-data portals that harvest it.

Every URL in it is absolute, at the public address of the site (cms.site_address).
"""

import json

from .schema import LICENCE_URL

FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT"
FREQUENCY_LABEL = "En continu : chaque publication d'une fiche de projet met les fichiers à jour."
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
PUBLISHER = {
    "@type": "foaf:Organization",
    "foaf:name": "Département du Val-d'Oise — École du management par l'innovation",
}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _reference(url):
    return {"@id": url}


def distribution(url, title, media_type, file_type, schema_url):
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": _reference(url),
        "dcat:downloadURL": _reference(url),
        "dcat:mediaType": _reference(f"https://www.iana.org/assignments/media-types/{media_type}"),
        "dct:format": _reference(FILE_TYPE + file_type),
        "dct:license": _reference(LICENCE_URL),
        "dct:conformsTo": _reference(schema_url),
    }


def catalogue(urls, modified=None):
    """The catalogue as a dict; `urls` maps page, catalogue, csv, json, schema and api to
    absolute URLs; `modified` is the last publication of a project (or None)."""
    dataset = {
        "@id": urls["page"] + "#projets",
        "@type": "dcat:Dataset",
        "dct:identifier": urls["page"] + "#projets",
        "dct:title": "Banque de projets de l'École du management par l'innovation",
        "dct:description": "Les projets d'innovation publique menés par les agents des "
        "collectivités formés à l'EMI : problème traité, solutions et suites données, statut "
        "et explication, thématiques, indicateurs d'impact mesurés et leur source.",
        "dct:language": _reference("http://publications.europa.eu/resource/authority/language/FRA"),
        "dct:publisher": PUBLISHER,
        "dct:license": _reference(LICENCE_URL),
        "dct:accrualPeriodicity": _reference(FREQUENCY),
        "dcat:keyword": ["innovation publique", "collectivités", "projets", "impact"],
        "dcat:landingPage": _reference(urls["page"]),
        "dct:conformsTo": _reference(urls["schema"]),
        "dcat:distribution": [
            distribution(urls["csv"], "Export CSV", "text/csv", "CSV", urls["schema"]),
            distribution(urls["json"], "Export JSON", "application/json", "JSON", urls["schema"]),
        ],
    }
    if modified:
        dataset["dct:modified"] = {"@value": modified.isoformat(), "@type": "xsd:dateTime"}
    service = {
        "@id": urls["api"],
        "@type": "dcat:DataService",
        "dct:title": "API des contenus du site (Wagtail API v2)",
        "dct:description": "Les projets (les champs des exports), les événements (dates, "
        "statut, modalité, lieu, état des inscriptions) et les actualités publiés, en JSON, "
        "filtrables par collectivité, statut, thématique et dates "
        "(pages/?type=projects.ProjectPage&collectivite=…&statut=…&thematique=…&depuis=…).",
        "dcat:endpointURL": _reference(urls["api"]),
        "dcat:endpointDescription": _reference(urls["page"] + "#api"),
        "dct:license": _reference(LICENCE_URL),
        "dcat:servesDataset": _reference(dataset["@id"]),
    }
    return {
        "@context": CONTEXT,
        "@id": urls["catalogue"],
        "@type": "dcat:Catalog",
        "dct:title": "Données ouvertes de l'École du management par l'innovation",
        "dct:description": "Le catalogue des données publiées par le site de l'EMI.",
        "dct:language": dataset["dct:language"],
        "dct:publisher": PUBLISHER,
        "dct:license": _reference(LICENCE_URL),
        "foaf:homepage": _reference(urls["page"]),
        "dcat:dataset": [dataset],
        "dcat:service": [service],
    }


def as_script_json(data):
    """The catalogue for a <script type="application/ld+json">: nothing can close it."""
    return json.dumps(data, ensure_ascii=False, indent=1).translate(_JSON_SCRIPT_ESCAPES)
