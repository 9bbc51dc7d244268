"""Open data of the project bank: the exports (/projets/export.csv, .json), their Table
Schema, the DCAT-AP catalogue and the /donnees/ page that announces them."""
