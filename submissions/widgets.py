"""Form widgets of the submission form that Django does not ship."""

from typing import Any

from django import forms

from core.collation import fold

# Several names typed into one box are separated by semicolons (UN names hold commas:
# "China, Hong Kong Special Administrative Region").
SEPARATOR = ";"


class CountryPicker(forms.Widget):
    """Several countries out of some 250: what is chosen shows as ticked
    boxes, and one text box suggests every option by name as the person types (a native
    ``<datalist>``: no JavaScript needed). Typed names are matched to their keys ignoring case,
    accents and punctuation; a name that matches nothing is kept as typed so that the field
    says which one it did not know."""

    template_name = "submissions/widgets/country_picker.html"
    use_fieldset = True
    allow_multiple_selected = True
    add_suffix = "_add"

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__(attrs)
        self.choices = list(choices)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        chosen = data.getlist(name) if hasattr(data, "getlist") else list(data.get(name) or [])
        typed = str(data.get(name + self.add_suffix) or "")
        names = [part.strip() for part in typed.split(SEPARATOR) if part.strip()]
        return list(dict.fromkeys([*map(str, chosen), *map(self.key_for, names)]))

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # unticking every box sends nothing, and means "none"

    def key_for(self, name: str) -> str:
        """The key of the option called ``name`` (or written as its key), else ``name``."""
        wanted = fold(name)
        for key, label in self.choices:
            if fold(str(key)) == wanted or fold(str(label)) == wanted:
                return str(key)
        return name

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]  # as ChoiceWidget
        if value is None:
            return []
        return [str(v) for v in (value if isinstance(value, list | tuple) else [value])]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        values = context["widget"]["value"]
        labels = {str(key): str(label) for key, label in self.choices}
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"].update(
            {
                "chosen": [  # in the order of the list
                    {"key": key, "label": label, "id": f"{base_id}_{i}"}
                    for i, (key, label) in enumerate(labels.items())
                    if key in values
                ],
                "typed": f"{SEPARATOR} ".join(v for v in values if v not in labels),
                "options": list(labels.values()),
                "add_name": name + self.add_suffix,
                "add_id": base_id + self.add_suffix,
                "list_id": base_id + "_options",
            }
        )
        return context

    def id_for_label(self, id_: str) -> str:
        return id_ + self.add_suffix if id_ else id_
