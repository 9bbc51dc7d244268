"""The resource library (/ressources/): the training's tools, kits, courses and talks.

models   ResourcePage and what it is made of (files, modules, themes, linked projects)
access   who may download what, the checks of a resource's documents, a resource's page
listing  the library's filters, facets and pages
index    ResourceIndexPage, above its listing
video    recorded talks: the player loaded on the visitor's click
"""
