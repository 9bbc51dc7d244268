"""Test data built by factories, independent of the demo content.

`pages` holds the page factories on Wagtail's tree and the site frame (home, about pages,
indexes, contact and legal pages); `cms` the collectivités, accounts, images and
documents; `projects`, `news`, `alumni` and `resources` each domain's pages and records.
"""
