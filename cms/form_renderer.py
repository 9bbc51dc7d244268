"""Every form of the site renders its fields through one template.

`{{ field.as_field_group }}` renders templates/components/field.html: label, help text
and errors, with Django's own ids (`<id>_helptext`, `<id>_error`) that Django's
`aria-describedby` and `aria-invalid` point to. The renderer reads the project's
TEMPLATES, so the field template lives with the others under templates/.
"""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    field_template_name = "components/field.html"
