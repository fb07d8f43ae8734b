"""Demo site settings: the footer disclaimer used on the real Hub, in our words."""

from core.models import SiteSettings

DISCLAIMER = {
    "en": "Any reference to Kosovo is to be read in the context of United Nations Security Council resolution 1244 (1999).",
    "fr": "Toute référence au Kosovo doit s'entendre dans le contexte de la résolution 1244 (1999) du Conseil de sécurité des Nations Unies.",
    "es": "Las referencias a Kosovo deben entenderse en el contexto de la resolución 1244 (1999) del Consejo de Seguridad de las Naciones Unidas.",
}


def load() -> int:
    settings_row = SiteSettings.load()
    if getattr(settings_row, "disclaimer_en", ""):
        return 0
    for lang, text in DISCLAIMER.items():
        setattr(settings_row, f"disclaimer_{lang}", text)
    settings_row.save()
    return 1
