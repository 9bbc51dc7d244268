"""The alumni network's themes and skills: one list, kept by EMI moderators.

Members choose their themes from it (alumni.forms); moderators add, rename and merge
them in Alumni › Thèmes et compétences. Themes once typed freely are merged by
`merge_duplicate_themes` (used by a migration): names that differ only by case, accents,
plurals or small words ("design de service" / "design de services", "relation aux
usagers" / "relation usager") become one, under the name most profiles used.
"""

import unicodedata
from collections import defaultdict

SMALL_WORDS = {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les"}


def theme_key(name):
    """What two spellings of one theme share: "Relation aux usagers" -> "relation usager"."""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = text.replace("'", " ").replace("’", " ").replace("-", " ").split()
    kept = [word for word in words if word not in SMALL_WORDS] or words
    return " ".join(word[:-1] if len(word) > 3 and word[-1] in "sx" else word for word in kept)


def merge_duplicate_themes(theme_model, item_models):
    """Merge the themes whose keys are equal into the most used one; returns the number of
    themes removed. `item_models` are the through models (a `tag` and a `content_object`)."""
    groups = defaultdict(list)
    for theme in theme_model.objects.order_by("pk"):
        groups[theme_key(theme.name)].append(theme)
    removed = 0
    for themes in groups.values():
        if len(themes) < 2:
            continue

        def uses(theme):
            return sum(model.objects.filter(tag=theme).count() for model in item_models)

        kept = max(themes, key=lambda theme: (uses(theme), -len(theme.name), -theme.pk))
        for theme in themes:
            if theme.pk == kept.pk:
                continue
            for model in item_models:
                for item in model.objects.filter(tag=theme):
                    exists = model.objects.filter(tag=kept, content_object=item.content_object_id)
                    if exists.exists():
                        item.delete()
                    else:
                        item.tag = kept
                        item.save(update_fields=["tag"])
            theme.delete()
            removed += 1
    return removed
